package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The analyzers of one index, built from its {@code index.analysis} settings as Elasticsearch reads
 * them: {@code analyzer}, {@code tokenizer}, {@code filter} and {@code char_filter}, each a map from a
 * name to a definition with a {@code type} (an analyzer with a {@code tokenizer} and no type is
 * {@code custom}). Names resolve to the index's own definitions first, then to the built-in type of
 * that name with its defaults ({@code "english"}, {@code "lowercase"}). {@code analyzer.default} and
 * {@code analyzer.default_search} replace the {@code standard} analyzer for fields that name none.
 *
 * <p>Immutable and thread-safe. Building checks every definition, so bad settings are refused
 * when the index is created ({@link IllegalSearchArgumentException}); built-in analyzers are made
 * on first use and kept.
 */
public final class IndexAnalyzers {

    /** The name of the index's default analyzer, as in Elasticsearch's settings. */
    public static final String DEFAULT = "default";
    /** The name of the index's default search analyzer. */
    public static final String DEFAULT_SEARCH = "default_search";
    private static final Set<String> SECTIONS = Set.of("analyzer", "tokenizer", "filter", "char_filter");
    /** Elasticsearch's {@code index.analyze.max_token_count}: the most tokens one {@code _analyze} returns. */
    public static final int MAX_TOKEN_COUNT = 10_000;
    private static final IndexAnalyzers GLOBAL = build(Map.of());

    private final Map<String, TokenizerFactory> tokenizers;
    private final Map<String, TokenFilterFactory> filters;
    private final Map<String, CharFilterFactory> charFilters;
    private final Map<String, Analyzer> analyzers;
    private final Map<String, Analyzer> builtIn = new ConcurrentHashMap<>();

    private IndexAnalyzers(Map<String, TokenizerFactory> tokenizers, Map<String, TokenFilterFactory> filters,
                           Map<String, CharFilterFactory> charFilters) {
        this.tokenizers = tokenizers;
        this.filters = filters;
        this.charFilters = charFilters;
        this.analyzers = new LinkedHashMap<>();
    }

    /** The built-in analyzers and components only: what {@code _analyze} without an index sees. */
    public static IndexAnalyzers global() {
        return GLOBAL;
    }

    /**
     * Builds an index's analyzers from its {@code analysis} settings (the object below
     * {@code index.analysis}).
     *
     * @throws IllegalSearchArgumentException on an unknown type, a missing component or a bad setting
     */
    public static IndexAnalyzers build(Map<String, Object> analysis) {
        for (String section : analysis.keySet()) {
            if (!SECTIONS.contains(section)) {
                throw new IllegalSearchArgumentException("unknown setting [index.analysis." + section
                        + "] please check that any required plugins are installed, or check the breaking changes "
                        + "documentation for removed settings");
            }
        }
        IndexAnalyzers result = new IndexAnalyzers(
                components(analysis, "tokenizer", AnalysisComponents.TOKENIZERS),
                components(analysis, "filter", AnalysisComponents.FILTERS),
                components(analysis, "char_filter", AnalysisComponents.CHAR_FILTERS));
        definitions(analysis, "analyzer").forEach((name, settings) ->
                result.analyzers.put(name, result.analyzer(settings)));
        return result;
    }

    /**
     * The analyzer of that name (the index's own, else a built-in; {@code default} and
     * {@code default_search} always exist), or {@code null} if there is none.
     */
    public Analyzer get(String name) {
        Analyzer own = analyzers.get(name);
        if (own != null) {
            return own;
        }
        if (name.equals(DEFAULT)) {
            return defaultAnalyzer();
        }
        if (name.equals(DEFAULT_SEARCH)) {
            return defaultSearchAnalyzer();
        }
        if (!AnalysisComponents.ANALYZERS.containsKey(name)) {
            return null;
        }
        return builtIn.computeIfAbsent(name, type ->
                AnalysisComponents.ANALYZERS.get(type).apply(ComponentSettings.empty("analyzer", type)));
    }

    /** Whether {@link #get} knows the name. */
    public boolean contains(String name) {
        return analyzers.containsKey(name) || AnalysisComponents.ANALYZERS.containsKey(name) || name.equals(DEFAULT)
                || name.equals(DEFAULT_SEARCH);
    }

    /** {@code analyzer.default}, else {@code standard}: what text fields without an {@code analyzer} index with. */
    public Analyzer defaultAnalyzer() {
        Analyzer configured = analyzers.get(DEFAULT);
        return configured != null ? configured : get("standard");
    }

    /** {@code analyzer.default_search}, else the {@link #defaultAnalyzer()}. */
    public Analyzer defaultSearchAnalyzer() {
        Analyzer configured = analyzers.get(DEFAULT_SEARCH);
        return configured != null ? configured : defaultAnalyzer();
    }

    /**
     * A custom analyzer made for one request ({@code _analyze} with {@code tokenizer}, {@code filter},
     * {@code char_filter}): each component a name or an inline definition. The caller closes it.
     *
     * @param tokenizer {@code null}: the keyword tokenizer (the filters then normalize the whole text)
     */
    Analyzer adHoc(Object tokenizer, List<?> filterSpecs, List<?> charFilterSpecs) {
        boolean global = this == GLOBAL;
        TokenizerFactory tokenizerFactory = tokenizer == null
                ? AnalysisComponents.TOKENIZERS.get("keyword").apply(ComponentSettings.empty("tokenizer", "keyword"))
                : resolve(tokenizer, "tokenizer", tokenizers, AnalysisComponents.TOKENIZERS,
                        () -> "failed to find " + (global ? "global " : "") + "tokenizer under [" + tokenizer + "]");
        List<CharFilterFactory> chars = new ArrayList<>();
        for (Object spec : charFilterSpecs) {
            chars.add(resolve(spec, "char_filter", charFilters, AnalysisComponents.CHAR_FILTERS,
                    () -> "failed to find " + (global ? "global " : "") + "char_filter under [" + spec + "]"));
        }
        List<TokenFilterFactory> tokenFilters = new ArrayList<>();
        for (Object spec : filterSpecs) {
            tokenFilters.add(resolve(spec, "filter", filters, AnalysisComponents.FILTERS,
                    () -> "failed to find " + (global ? "global " : "") + "filter under [" + spec + "]"));
        }
        return chain(tokenizerFactory, chars, tokenFilters, 0);
    }

    /**
     * Elasticsearch's {@code _analyze}: the tokens of the request's texts, positions and offsets
     * running on over the texts (the next text starts after the analyzer's position increment gap
     * and offset gap). Cost: the texts' length; at most {@link #MAX_TOKEN_COUNT} tokens.
     *
     * @param fieldAnalyzer the analyzer of the request's {@code field} as the index maps it, or
     *     {@code null} if it names none or the field is not mapped (the default analyzer is used)
     * @throws IllegalSearchArgumentException on an unknown analyzer or component, or too many tokens
     */
    public List<AnalyzedToken> analyze(AnalyzeRequest request, Analyzer fieldAnalyzer) {
        boolean global = this == GLOBAL;
        if (request.analyzer() != null) {
            Analyzer named = get(request.analyzer());
            if (named == null) {
                throw new IllegalSearchArgumentException("failed to find " + (global ? "global " : "") + "analyzer ["
                        + request.analyzer() + "]");
            }
            return tokens(named, request.texts());
        }
        if (request.tokenizer() != null || !request.filters().isEmpty() || !request.charFilters().isEmpty()) {
            try (Analyzer adHoc = adHoc(request.tokenizer(), request.filters(), request.charFilters())) {
                return tokens(adHoc, request.texts());
            }
        }
        if (request.field() != null && global) {
            throw new IllegalSearchArgumentException("analysis based on a specific field requires an index");
        }
        return tokens(fieldAnalyzer != null ? fieldAnalyzer : defaultAnalyzer(), request.texts());
    }

    private static List<AnalyzedToken> tokens(Analyzer analyzer, List<String> texts) {
        List<AnalyzedToken> tokens = new ArrayList<>();
        int lastPosition = -1;
        int lastOffset = 0;
        for (String text : texts) {
            try (TokenStream stream = analyzer.tokenStream("", text)) {
                CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
                PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
                OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
                TypeAttribute type = stream.addAttribute(TypeAttribute.class);
                stream.reset();
                while (stream.incrementToken()) {
                    if (increment.getPositionIncrement() > 0) {
                        lastPosition += increment.getPositionIncrement();
                    }
                    if (tokens.size() >= MAX_TOKEN_COUNT) {
                        throw new IllegalSearchArgumentException("The number of tokens produced by calling _analyze "
                                + "has exceeded the allowed maximum of [" + MAX_TOKEN_COUNT + "]. This limit can be "
                                + "set by changing the [index.analyze.max_token_count] index level setting.");
                    }
                    tokens.add(new AnalyzedToken(term.toString(), lastOffset + offset.startOffset(),
                            lastOffset + offset.endOffset(), type.type(), lastPosition, length.getPositionLength()));
                }
                stream.end();
                lastOffset += offset.endOffset();
                lastPosition += increment.getPositionIncrement();
                lastPosition += analyzer.getPositionIncrementGap("");
                lastOffset += analyzer.getOffsetGap("");
            } catch (IOException e) {
                throw new UncheckedIOException("failed to analyze", e);
            }
        }
        return tokens;
    }

    private Analyzer analyzer(ComponentSettings settings) {
        String type = settings.type();
        if (type == null) {
            if (!settings.has("tokenizer")) {
                throw new IllegalSearchArgumentException("analyzer [" + settings.name()
                        + "] must specify either an analyzer type, or a tokenizer");
            }
            type = "custom";
        }
        if (type.equals("custom")) {
            return custom(settings);
        }
        Function<ComponentSettings, Analyzer> builder = AnalysisComponents.ANALYZERS.get(type);
        if (builder == null) {
            throw new IllegalSearchArgumentException("Unknown analyzer type [" + type + "] for [" + settings.name() + "]");
        }
        return builder.apply(settings);
    }

    private Analyzer custom(ComponentSettings settings) {
        String name = settings.name();
        String tokenizerName = settings.string("tokenizer", null);
        if (tokenizerName == null) {
            throw new IllegalSearchArgumentException("Custom Analyzer [" + name + "] must be configured with a tokenizer");
        }
        TokenizerFactory tokenizer = named(tokenizerName, "tokenizer", tokenizers, AnalysisComponents.TOKENIZERS,
                () -> "Custom Analyzer [" + name + "] failed to find tokenizer under name [" + tokenizerName + "]");
        List<CharFilterFactory> chars = new ArrayList<>();
        for (String charFilter : listOrEmpty(settings, "char_filter")) {
            chars.add(named(charFilter, "char_filter", charFilters, AnalysisComponents.CHAR_FILTERS,
                    () -> "Custom Analyzer [" + name + "] failed to find char_filter under name [" + charFilter + "]"));
        }
        List<TokenFilterFactory> tokenFilters = new ArrayList<>();
        for (String filter : listOrEmpty(settings, "filter")) {
            tokenFilters.add(named(filter, "filter", filters, AnalysisComponents.FILTERS,
                    () -> "Custom Analyzer [" + name + "] failed to find filter under name [" + filter + "]"));
        }
        int gap = settings.integer("position_increment_gap", FieldAnalyzer.TEXT_POSITION_INCREMENT_GAP);
        if (gap < 0) {
            throw new IllegalSearchArgumentException("[position_increment_gap] for analyzer [" + name
                    + "] must be 0 or greater");
        }
        return chain(tokenizer, chars, tokenFilters, gap);
    }

    /** The chain, with each chain-aware filter (synonyms) bound to what precedes it. */
    private static Analyzer chain(TokenizerFactory tokenizer, List<CharFilterFactory> chars,
                                  List<TokenFilterFactory> unbound, int gap) {
        List<TokenFilterFactory> bound = new ArrayList<>(unbound.size());
        for (TokenFilterFactory filter : unbound) {
            List<TokenFilterFactory> preceding = bound.stream().filter(TokenFilterFactory::appliesToSynonymRules).toList();
            Supplier<Analyzer> analyzerSoFar = () -> new ChainAnalyzer(tokenizer, chars, preceding, 0);
            bound.add(filter.bind(analyzerSoFar));
        }
        return new ChainAnalyzer(tokenizer, chars, bound, gap);
    }

    private static List<String> listOrEmpty(ComponentSettings settings, String key) {
        List<String> values = settings.list(key);
        return values == null ? List.of() : values;
    }

    private static <T> T named(String name, String kind, Map<String, T> configured,
                               Map<String, Function<ComponentSettings, T>> types, Supplier<String> missing) {
        T own = configured.get(name);
        if (own != null) {
            return own;
        }
        Function<ComponentSettings, T> builtIn = types.get(name);
        if (builtIn == null) {
            throw new IllegalSearchArgumentException(missing.get());
        }
        return builtIn.apply(ComponentSettings.empty(kind, name));
    }

    @SuppressWarnings("unchecked")
    private static <T> T resolve(Object spec, String kind, Map<String, T> configured,
                                 Map<String, Function<ComponentSettings, T>> types, Supplier<String> missing) {
        if (spec instanceof Map<?, ?> inline) {
            ComponentSettings settings = new ComponentSettings(kind, "_anonymous_" + kind, (Map<String, Object>) inline);
            return build(settings, types);
        }
        if (spec == null || spec instanceof List<?>) {
            throw new IllegalSearchArgumentException("[" + kind + "] must be a name or an object, got [" + spec + "]");
        }
        return named(spec.toString(), kind, configured, types, missing);
    }

    private static <T> Map<String, T> components(Map<String, Object> analysis, String kind,
                                                 Map<String, Function<ComponentSettings, T>> types) {
        Map<String, T> built = new LinkedHashMap<>();
        definitions(analysis, kind).forEach((name, settings) -> built.put(name, build(settings, types)));
        return built;
    }

    private static <T> T build(ComponentSettings settings, Map<String, Function<ComponentSettings, T>> types) {
        String type = settings.type();
        if (type == null) {
            throw new IllegalSearchArgumentException(settings.kind() + " [" + settings.name()
                    + "] must specify either an analyzer type, or a tokenizer");
        }
        Function<ComponentSettings, T> builder = types.get(type);
        if (builder == null) {
            throw new IllegalSearchArgumentException("Unknown " + settings.kind() + " type [" + type + "] for ["
                    + settings.name() + "]");
        }
        return builder.apply(settings);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ComponentSettings> definitions(Map<String, Object> analysis, String kind) {
        Object section = analysis.get(kind);
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> byName)) {
            throw new IllegalSearchArgumentException("[index.analysis." + kind + "] must be an object of named definitions");
        }
        Map<String, ComponentSettings> result = new LinkedHashMap<>();
        byName.forEach((name, definition) -> {
            if (!(definition instanceof Map<?, ?> values)) {
                throw new IllegalSearchArgumentException("[index.analysis." + kind + "." + name
                        + "] must be an object with a [type]");
            }
            result.put(name.toString(), new ComponentSettings(kind, name.toString(), (Map<String, Object>) values));
        });
        return result;
    }
}
