package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import dev.infraplatform.search.engine.Mapping.ObjectMapping;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An index's mapped leaf fields by dotted path (multi-fields included, such as {@code title.keyword}),
 * for the field-name patterns of {@code multi_match}, {@code query_string} and {@code highlight}
 * ({@code title*}, {@code *}), and the analyzer each field's text goes through: text fields through
 * the index's analyzer, every other field as one keyword token. O(fields) to build.
 */
final class MappedFields {

    private static final Analyzer KEYWORD = new KeywordAnalyzer();

    private final Mapping mapping;
    private final List<String> paths = new ArrayList<>();
    private final Analyzer perField;

    MappedFields(Mapping mapping, Analyzer textAnalyzer) {
        this.mapping = mapping;
        collect("", mapping.root());
        this.perField = new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return isText(fieldName) ? textAnalyzer : KEYWORD;
            }
        };
    }

    private void collect(String prefix, Mapper mapper) {
        switch (mapper) {
            case ObjectMapping object -> object.properties().forEach((name, child) ->
                    collect(prefix.isEmpty() ? name : prefix + "." + name, child));
            case FieldMapping field -> {
                paths.add(prefix);
                field.fields().forEach((name, sub) -> paths.add(prefix + "." + name));
            }
        }
    }

    /** The mapped leaf fields a name or pattern ({@code *} for any characters) names, in path order. */
    List<String> expand(String pattern) {
        if (!pattern.contains("*")) {
            return mapping.lookup(pattern) instanceof FieldMapping ? List.of(pattern) : List.of();
        }
        Pattern regex = Pattern.compile(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q"));
        return paths.stream().filter(path -> regex.matcher(path).matches()).toList();
    }

    /** The field's mapping, or {@code null} when the path is not a mapped leaf field. */
    FieldMapping field(String path) {
        return mapping.lookup(path) instanceof FieldMapping field ? field : null;
    }

    boolean isText(String path) {
        FieldMapping field = field(path);
        return field != null && field.type() == FieldType.TEXT;
    }

    /** Text fields through the index's analyzer, every other field as a single token. */
    Analyzer analyzer() {
        return perField;
    }
}
