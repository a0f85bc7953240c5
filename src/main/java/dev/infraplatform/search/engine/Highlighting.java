package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.highlight.DefaultEncoder;
import org.apache.lucene.search.highlight.Encoder;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.NullFragmenter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;
import org.apache.lucene.search.highlight.TextFragment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Elasticsearch's {@code highlight}: for each hit, the fragments of the asked fields' values that
 * the query matches, with the matched terms between {@code pre_tags} and {@code post_tags}
 * (default {@code <em>}/{@code </em>}).
 *
 * <p>Options, at the top and per field (the field's win): {@code fields} (names and {@code *}
 * patterns over text and keyword fields; an object or a list of one-field objects),
 * {@code pre_tags}, {@code post_tags}, {@code tags_schema: styled}, {@code fragment_size} (100),
 * {@code number_of_fragments} (5; 0 = each matching value whole), {@code require_field_match}
 * (true: only the query's clauses on that field count), {@code highlight_query}, {@code order}
 * ({@code none}: in text order; {@code score}), {@code encoder} ({@code default}/{@code html}),
 * {@code no_match_size}, {@code type} ({@code unified}, {@code plain}, {@code fvh} all accepted).
 *
 * <p>The values are read from {@code _source} and analyzed again with the field's analyzer, then
 * Lucene's span-aware {@link Highlighter} marks the terms (phrases only where the phrase matches);
 * so no offsets need to be indexed. Cost: O(length of the highlighted values) per hit, bounded by
 * Elasticsearch's {@code index.highlight.max_analyzed_offset} (1,000,000 characters) per value.
 */
final class Highlighting {

    private static final int MAX_ANALYZED_OFFSET = 1_000_000;
    private static final Set<String> OPTION_KEYS = Set.of("pre_tags", "post_tags", "tags_schema", "fragment_size",
            "number_of_fragments", "require_field_match", "highlight_query", "order", "encoder", "no_match_size",
            "type", "fragmenter", "boundary_scanner", "boundary_chars", "boundary_max_scan", "boundary_scanner_locale",
            "phrase_limit", "max_analyzed_offset", "fragment_offset", "matched_fields", "force_source");

    /** How one field is highlighted. */
    private record FieldOptions(String field, Query query, String preTag, String postTag, int fragmentSize,
                                int numberOfFragments, boolean requireFieldMatch, boolean byScore, Encoder encoder,
                                int noMatchSize) {
    }

    private final List<FieldOptions> fields;
    private final Analyzer analyzer;

    private Highlighting(List<FieldOptions> fields, Analyzer analyzer) {
        this.fields = fields;
        this.analyzer = analyzer;
    }

    /**
     * The highlighting a request's {@code highlight} object asks for, or {@code null} when it asks
     * for none.
     *
     * @throws QueryParsingException on an unknown option or a malformed value
     */
    static Highlighting parse(Map<String, Object> spec, Query searchQuery, QueryParser parser, MappedFields mapped) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        for (String key : spec.keySet()) {
            if (!key.equals("fields") && !OPTION_KEYS.contains(key)) {
                throw new QueryParsingException("[highlight] unknown field [" + key + "]");
            }
        }
        Map<String, Map<String, Object>> requested = requestedFields(spec.get("fields"));
        List<FieldOptions> fields = new ArrayList<>();
        Map<String, Query> highlightQueries = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> entry : requested.entrySet()) {
            Map<String, Object> options = new LinkedHashMap<>(spec);
            options.remove("fields");
            for (String key : entry.getValue().keySet()) {
                if (!OPTION_KEYS.contains(key)) {
                    throw new QueryParsingException("[fields] unknown field [" + key + "]");
                }
            }
            options.putAll(entry.getValue());
            Query query = searchQuery;
            if (options.get("highlight_query") != null) {
                query = highlightQueries.computeIfAbsent(entry.getKey(), k ->
                        parser.parse(QueryParser.object(options.get("highlight_query"), "highlight_query")));
            }
            for (String field : mapped.expand(entry.getKey())) {
                FieldMapping mapping = mapped.field(field);
                if (mapping.type() == FieldType.TEXT || mapping.type() == FieldType.KEYWORD) {
                    fields.add(options(field, query, options));
                }
            }
        }
        return new Highlighting(fields, mapped.analyzer());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> requestedFields(Object spec) {
        Map<String, Map<String, Object>> requested = new LinkedHashMap<>();
        if (spec == null) {
            return requested;
        }
        List<?> entries = spec instanceof List<?> list ? list : List.of(spec);
        for (Object entry : entries) {
            if (entry instanceof String name) {
                requested.put(name, Map.of());
                continue;
            }
            if (!(entry instanceof Map<?, ?> map)) {
                throw new QueryParsingException("[highlight] [fields] must be an object or an array of objects");
            }
            if (spec instanceof List<?> && map.size() != 1) {
                throw new QueryParsingException("[highlight] [fields] array element should only contain one field "
                        + "name");
            }
            map.forEach((name, options) -> requested.put(name.toString(),
                    options instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of()));
        }
        return requested;
    }

    private static FieldOptions options(String field, Query query, Map<String, Object> options) {
        boolean styled = "styled".equals(options.get("tags_schema"));
        String pre = firstTag(options.get("pre_tags"), styled ? "<em class=\"hlt\">" : "<em>");
        String post = firstTag(options.get("post_tags"), "</em>");
        int fragmentSize = QueryParser.intOption(options, "fragment_size", 100);
        int fragments = QueryParser.intOption(options, "number_of_fragments", 5);
        if (fragments < 0 || fragmentSize < 0) {
            throw new IllegalSearchArgumentException("[highlight] [number_of_fragments] and [fragment_size] must be "
                    + "non-negative");
        }
        boolean requireFieldMatch = !options.containsKey("require_field_match")
                || QueryParser.isTrue(options.get("require_field_match"));
        String order = String.valueOf(options.getOrDefault("order", "none")).toLowerCase(Locale.ROOT);
        if (!order.equals("none") && !order.equals("score")) {
            throw new IllegalSearchArgumentException("Unknown order [" + order + "]");
        }
        String encoder = String.valueOf(options.getOrDefault("encoder", "default"));
        return new FieldOptions(field, query, pre, post, fragmentSize, fragments, requireFieldMatch,
                order.equals("score"), encoder.equals("html") ? new SimpleHTMLEncoder() : new DefaultEncoder(),
                QueryParser.intOption(options, "no_match_size", 0));
    }

    private static String firstTag(Object tags, String defaultTag) {
        if (tags == null) {
            return defaultTag;
        }
        if (tags instanceof List<?> list) {
            return list.isEmpty() ? defaultTag : String.valueOf(list.getFirst());
        }
        return tags.toString();
    }

    /** A hit's highlighted fragments by field, or {@code null} when no field has any. */
    Map<String, List<String>> highlight(Map<String, Object> source) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (FieldOptions field : fields) {
            List<String> values = new ArrayList<>();
            collectValues(source, field.field(), values);
            List<String> fragments = fragments(field, values);
            if (!fragments.isEmpty()) {
                result.put(field.field(), fragments);
            }
        }
        return result.isEmpty() ? null : result;
    }

    private List<String> fragments(FieldOptions field, List<String> values) {
        QueryScorer scorer = new QueryScorer(field.query(), field.requireFieldMatch() ? field.field() : null);
        scorer.setMaxDocCharsToAnalyze(MAX_ANALYZED_OFFSET);
        Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter(field.preTag(), field.postTag()),
                field.encoder(), scorer);
        highlighter.setMaxDocCharsToAnalyze(MAX_ANALYZED_OFFSET);
        boolean whole = field.numberOfFragments() == 0;
        highlighter.setTextFragmenter(whole ? new NullFragmenter()
                : new SimpleSpanFragmenter(scorer, Math.max(1, field.fragmentSize())));
        record Scored(String text, float score, int value, int number) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            try (TokenStream tokens = analyzer.tokenStream(field.field(), value)) {
                TextFragment[] best = highlighter.getBestTextFragments(tokens, value, false,
                        whole ? 1 : field.numberOfFragments());
                for (TextFragment fragment : best) {
                    if (fragment != null && fragment.getScore() > 0) {
                        scored.add(new Scored(fragment.toString(), fragment.getScore(), i, fragment.getFragNum()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidTokenOffsetsException e) {
                // the analyzer's offsets do not fit the value: leave this value unhighlighted
            }
        }
        Comparator<Scored> textOrder = Comparator.comparingInt(Scored::value).thenComparingInt(Scored::number);
        scored.sort(field.byScore() ? Comparator.comparingDouble(Scored::score).reversed().thenComparing(textOrder)
                : textOrder);
        List<String> fragments = new ArrayList<>();
        for (Scored fragment : scored) {
            if (!whole && fragments.size() >= field.numberOfFragments()) {
                break;
            }
            fragments.add(fragment.text());
        }
        if (fragments.isEmpty() && field.noMatchSize() > 0 && !values.isEmpty()) {
            String first = values.getFirst();
            fragments.add(field.encoder().encodeText(first.substring(0, Math.min(first.length(), field.noMatchSize()))));
        }
        return fragments;
    }

    /**
     * The string values at a dotted path of the source, arrays flattened; a multi-field
     * ({@code title.keyword}) reads its parent's value.
     */
    private static void collectValues(Map<String, Object> source, String path, List<String> values) {
        int before = values.size();
        collect(source, path, values);
        if (values.size() == before && path.lastIndexOf('.') > 0) {
            collect(source, path.substring(0, path.lastIndexOf('.')), values);
        }
    }

    private static void collect(Object node, String path, List<String> values) {
        if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, path, values));
            return;
        }
        if (path.isEmpty()) {
            if (node != null && !(node instanceof Map<?, ?>)) {
                values.add(node.toString());
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        // a key may itself hold dots ({"user.name": …}) as well as nest ({"user": {"name": …}})
        for (int dot = path.indexOf('.'); ; dot = path.indexOf('.', dot + 1)) {
            String head = dot < 0 ? path : path.substring(0, dot);
            if (map.containsKey(head)) {
                collect(map.get(head), dot < 0 ? "" : path.substring(dot + 1), values);
            }
            if (dot < 0) {
                return;
            }
        }
    }
}
