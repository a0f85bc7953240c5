package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Elasticsearch's {@code synonym} and {@code synonym_graph} token filters with inline rules in Solr
 * format ({@code "laptop, notebook"} — equivalent words; {@code "ipod => music player"} — a
 * replacement). The rules are analyzed by the chain in front of the filter, once, when the analyzer
 * is built (cost: one pass over the rules; the map is shared by all threads). {@code expand} (default
 * true) maps every word of an equivalence to all; {@code lenient} skips a rule that cannot be
 * analyzed (a word the chain removes, such as a stop word) instead of refusing the settings.
 * {@code synonym} flattens the graph so that it can be indexed; {@code synonym_graph} keeps it for
 * query-time multi-word synonyms. Added tokens have the type {@code SYNONYM}.
 */
final class SynonymFilterFactory implements TokenFilterFactory {

    private final ComponentSettings settings;
    private final boolean graph;
    private final List<String> rules;

    SynonymFilterFactory(ComponentSettings settings, boolean graph) {
        this.settings = settings;
        this.graph = graph;
        if (settings.has("synonyms_path") || settings.has("synonyms_set")) {
            throw new IllegalSearchArgumentException("[" + settings.name() + "]: synonyms_path and synonyms_set are "
                    + "not supported; give the rules inline in [synonyms]");
        }
        this.rules = settings.list("synonyms");
        if (rules == null) {
            throw new IllegalSearchArgumentException("synonym requires either `synonyms`, `synonyms_set` or "
                    + "`synonyms_path` to be configured");
        }
        settings.bool("expand", true);
        settings.bool("lenient", false);
    }

    @Override
    public TokenStream create(TokenStream input) {
        throw new IllegalStateException("synonym filter [" + settings.name() + "] used before it was bound to a chain");
    }

    @Override
    public boolean appliesToSynonymRules() {
        return false;
    }

    @Override
    public TokenFilterFactory bind(Supplier<Analyzer> preceding) {
        SynonymMap map = build(preceding.get());
        if (map.fst == null) {
            return input -> input;
        }
        return graph
                ? input -> new SynonymGraphFilter(input, map, false)
                : input -> new FlattenGraphFilter(new SynonymGraphFilter(input, map, false));
    }

    private SynonymMap build(Analyzer analyzer) {
        boolean lenient = settings.bool("lenient", false);
        SolrSynonymParser parser = new LenientSolrSynonymParser(settings.bool("expand", true), analyzer, lenient);
        try (analyzer) {
            parser.parse(new StringReader(String.join("\n", rules)));
            return parser.build();
        } catch (ParseException | IOException | IllegalArgumentException e) {
            throw new IllegalSearchArgumentException("failed to build synonyms for [" + settings.name() + "]: "
                    + (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
    }

    /** Solr's parser that, when lenient, drops a rule whose words the chain cannot analyze. */
    private static final class LenientSolrSynonymParser extends SolrSynonymParser {

        private final boolean lenient;

        LenientSolrSynonymParser(boolean expand, Analyzer analyzer, boolean lenient) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    return new CharsRef("");
                }
                throw e;
            }
        }
    }
}
