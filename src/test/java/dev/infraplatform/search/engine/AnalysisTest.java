package dev.infraplatform.search.engine;

import dev.infraplatform.search.analysis.AnalyzeRequest;
import dev.infraplatform.search.analysis.AnalyzedToken;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Analysis settings, per-field analyzers for indexing and queries, and _analyze, on real files. */
class AnalysisTest extends LocalSearchTest {

    /** A Korean product index: nori with the synonyms 랩톱/노트북/laptop, asciifolding, english. */
    private static final Map<String, Object> PRODUCT_SETTINGS = Map.of("analysis", Map.of(
            "filter", Map.of(
                    "product_synonyms", Map.of("type", "synonym", "synonyms", List.of("랩톱, 노트북, laptop")),
                    "folding", Map.of("type", "asciifolding", "preserve_original", false)),
            "tokenizer", Map.of(
                    "nori_with_words", Map.of("type", "nori_tokenizer", "user_dictionary_rules", List.of("노트북"))),
            "analyzer", Map.of(
                    "korean", Map.of("type", "custom", "tokenizer", "nori_with_words",
                            "filter", List.of("lowercase", "product_synonyms")),
                    "folded", Map.of("tokenizer", "standard", "filter", List.of("lowercase", "folding")))));
    private static final Map<String, Object> PRODUCT_MAPPING = Map.of("properties", Map.of(
            "name", Map.of("type", "text", "analyzer", "korean"),
            "description", Map.of("type", "text", "analyzer", "english"),
            "place", Map.of("type", "text", "analyzer", "folded")));

    private static List<String> terms(List<AnalyzedToken> tokens) {
        return tokens.stream().map(AnalyzedToken::token).toList();
    }

    private SearchIndex products() {
        return search.engine().createIndex("products", IndexSettings.parse(PRODUCT_SETTINGS),
                Mapping.parse(PRODUCT_MAPPING));
    }

    private static void index(SearchIndex index, String id, String json) {
        index.index(id, null, json.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
    }

    private static List<String> matching(SearchIndex index, String field, String text) {
        return index.search(SearchRequest.of(Map.of("match", Map.of(field, text)), 0, 10)).hits().stream()
                .map(SearchHits.Hit::id).toList();
    }

    @Test
    void theEnglishAnalyzerDropsStopWordsAndStems() {
        List<AnalyzedToken> tokens = search.engine().analyze(
                AnalyzeRequest.withAnalyzer("english", "The Quick Brown Fox Jumps Over The Lazy Dog"));
        // Elasticsearch's (and Lucene's) _english_ stop words do not include "over"
        assertThat(terms(tokens)).containsExactly("quick", "brown", "fox", "jump", "over", "lazi", "dog");
        assertThat(tokens.getFirst()).isEqualTo(new AnalyzedToken("quick", 4, 9, "<ALPHANUM>", 1, 1));
        assertThat(tokens.get(4)).isEqualTo(new AnalyzedToken("over", 26, 30, "<ALPHANUM>", 5, 1));
        assertThat(tokens.getLast()).isEqualTo(new AnalyzedToken("dog", 40, 43, "<ALPHANUM>", 8, 1));

        // standard keeps stop words (Elasticsearch's standard has none) and types numbers and Hangul
        assertThat(search.engine().analyze(AnalyzeRequest.withAnalyzer("standard", "The 2 개")))
                .extracting(AnalyzedToken::token, AnalyzedToken::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("the", "<ALPHANUM>"),
                        org.assertj.core.groups.Tuple.tuple("2", "<NUM>"),
                        org.assertj.core.groups.Tuple.tuple("개", "<HANGUL>"));
    }

    @Test
    void noriSplitsKoreanIntoMorphemes() {
        // the nori analyzer drops particles (가, 에) and verb endings (신다) by part of speech
        List<AnalyzedToken> tokens = search.engine().analyze(AnalyzeRequest.withAnalyzer("nori", "아버지가방에들어가신다"));
        assertThat(terms(tokens)).containsExactly("아버지", "방", "들어가");
        assertThat(tokens).extracting(AnalyzedToken::type).containsOnly("word");
        assertThat(tokens.getFirst()).isEqualTo(new AnalyzedToken("아버지", 0, 3, "word", 0, 1));
        assertThat(tokens.get(1)).isEqualTo(new AnalyzedToken("방", 4, 5, "word", 2, 1));
        // the tokenizer alone keeps every morpheme; a compound is split, and kept too in mixed mode
        assertThat(terms(search.engine().analyze(new AnalyzeRequest(List.of("아버지가방에들어가신다"), null, null,
                "nori_tokenizer", List.of(), List.of(), null))))
                .containsExactly("아버지", "가", "방", "에", "들어가", "시", "ㄴ다");
        assertThat(terms(search.engine().analyze(new AnalyzeRequest(List.of("가곡역"), null, null,
                Map.of("type", "nori_tokenizer", "decompound_mode", "mixed"), List.of(), List.of(), null))))
                .containsExactly("가곡역", "가곡", "역");
    }

    @Test
    void aMatchQueryFindsALaptopThroughKoreanSynonyms() {
        SearchIndex index = products();
        index(index, "1", "{\"name\": \"가벼운 laptop 가방\"}");
        index(index, "2", "{\"name\": \"무선 마우스\"}");

        assertThat(matching(index, "name", "노트북")).containsExactly("1");
        assertThat(matching(index, "name", "랩톱")).containsExactly("1");
        assertThat(matching(index, "name", "LAPTOP")).containsExactly("1");
        assertThat(matching(index, "name", "키보드")).isEmpty();
        assertThat(terms(index.analyze(AnalyzeRequest.forField("name", "노트북"))))
                .containsExactlyInAnyOrder("노트북", "랩톱", "laptop");
        assertThat(index.analyze(AnalyzeRequest.forField("name", "노트북")))
                .extracting(AnalyzedToken::type).contains("word", "SYNONYM");
    }

    @Test
    void concurrentWritersShareAnIndexsAnalyzers() throws Exception {
        SearchIndex index = products();
        int threads = 4;
        int perThread = 50;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String word = (i % 2 == 0) ? "랩톱" : "Laptop";
                        index.index(thread + "-" + i, null, ("{\"name\": \"" + word + " 가방 " + i + "\", "
                                + "\"place\": \"Café " + thread + "\"}").getBytes(StandardCharsets.UTF_8),
                                WriteCondition.NONE, RefreshPolicy.NONE);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var writer : writers) {
                writer.get();
            }
        }
        index.refresh();
        assertThat(index.count(Map.of("match", Map.of("name", "노트북")))).isEqualTo(threads * perThread);
        assertThat(index.count(Map.of("match", Map.of("place", "cafe")))).isEqualTo(threads * perThread);
        assertThat(index.count(Map.of("match_phrase", Map.of("place", "cafe 3")))).isEqualTo(perThread);
    }

    @Test
    void eachFieldIsIndexedAndSearchedWithItsOwnAnalyzer() {
        SearchIndex index = products();
        index(index, "1", "{\"description\": \"Running shoes\", \"place\": \"Café Zürich\", \"other\": \"The Running Man\"}");

        // english stems: run matches running; the unmapped field uses standard, which does not stem
        assertThat(matching(index, "description", "runs")).containsExactly("1");
        assertThat(matching(index, "other", "runs")).isEmpty();
        assertThat(matching(index, "other", "running")).containsExactly("1");
        // asciifolding on both sides: cafe finds café, and café finds it too
        assertThat(matching(index, "place", "cafe zurich")).containsExactly("1");
        assertThat(matching(index, "place", "CAFÉ")).containsExactly("1");
        assertThat(terms(index.analyze(AnalyzeRequest.withAnalyzer("folded", "Café")))).containsExactly("cafe");
        // a phrase does not match across two values of an array (position_increment_gap 100)
        index(index, "2", "{\"other\": [\"red apple\", \"green pear\"]}");
        assertThat(index.search(SearchRequest.of(Map.of("match_phrase", Map.of("other", "apple green")), 0, 10))
                .hits()).isEmpty();
        assertThat(index.search(SearchRequest.of(Map.of("match_phrase", Map.of("other", "green pear")), 0, 10))
                .hits()).extracting(SearchHits.Hit::id).containsExactly("2");
    }

    @Test
    void theIndexDefaultAnalyzerAndASearchAnalyzerApply() {
        SearchIndex index = search.engine().createIndex("defaults", IndexSettings.parse(Map.of("index", Map.of(
                        "analysis", Map.of("analyzer", Map.of("default", Map.of("type", "english")))))),
                Mapping.parse(Map.of("properties", Map.of("tags", Map.of("type", "text", "analyzer", "whitespace",
                        "search_analyzer", "simple")))));
        index(index, "1", "{\"title\": \"Jumping foxes\", \"tags\": \"red green\"}");
        assertThat(matching(index, "title", "jumped fox")).containsExactly("1");
        // indexed with whitespace (case kept), searched with simple (lowercased): RED finds red
        assertThat(matching(index, "tags", "RED")).containsExactly("1");
        assertThat(index.mapping().toMap()).isEqualTo(Map.of("properties", Map.of(
                "tags", Map.of("type", "text", "analyzer", "whitespace", "search_analyzer", "simple"),
                "title", Map.of("type", "text", "fields", Map.of("keyword", Map.of("type", "keyword",
                        "ignore_above", 256))))));
        // "default" names the index's default analyzer, as in Elasticsearch
        index.putMapping(Mapping.parse(Map.of("properties", Map.of("plain", Map.of("type", "text",
                "analyzer", "default")))));
        assertThat(terms(index.analyze(AnalyzeRequest.forField("plain", "Foxes")))).containsExactly("fox");
    }

    @Test
    void customChainsTakeCharFiltersTokenizersAndConfiguredFilters() {
        SearchIndex index = search.engine().createIndex("chains", IndexSettings.parse(Map.of("analysis", Map.of(
                "char_filter", Map.of("emoticons", Map.of("type", "mapping", "mappings", List.of(":) => _happy_"))),
                "filter", Map.of("short", Map.of("type", "length", "max", 7),
                        "my_stop", Map.of("type", "stop", "stopwords", List.of("and"))),
                "analyzer", Map.of("chain", Map.of("type", "custom", "tokenizer", "whitespace",
                        "char_filter", List.of("html_strip", "emoticons"),
                        "filter", List.of("lowercase", "my_stop", "short", "unique", "trim")))))), Mapping.empty());
        assertThat(terms(index.analyze(AnalyzeRequest.withAnalyzer("chain", "<b>Cats</b> and DOGS :) cats elephants"))))
                .containsExactly("cats", "dogs", "_happy_");
        // ad hoc: a tokenizer, a named filter and an inline one
        assertThat(terms(index.analyze(new AnalyzeRequest(List.of("Hello World"), null, null, "keyword",
                List.of("lowercase", Map.of("type", "stemmer", "language", "english")), List.of(), null))))
                .containsExactly("hello world");
        assertThat(terms(search.engine().analyze(new AnalyzeRequest(List.of("Jumps over"), null, null, "letter",
                List.of("uppercase"), List.of(), null)))).containsExactly("JUMPS", "OVER");
    }

    @Test
    void positionsRunOnOverTextsWithTheAnalyzersGap() {
        // built-in analyzers have no gap; a field's analyzer leaves 100 positions between values
        assertThat(search.engine().analyze(AnalyzeRequest.withAnalyzer("standard", "a b", "c")))
                .extracting(AnalyzedToken::position, AnalyzedToken::startOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0), org.assertj.core.groups.Tuple.tuple(1, 2),
                        org.assertj.core.groups.Tuple.tuple(2, 4));
        SearchIndex index = products();
        assertThat(index.analyze(AnalyzeRequest.forField("description", "a cat", "dogs")))
                .extracting(AnalyzedToken::token, AnalyzedToken::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cat", 1),
                        org.assertj.core.groups.Tuple.tuple("dog", 102));
    }

    @Test
    void badAnalysisSettingsAreRefusedAndNothingIsCreated() {
        assertRefused(Map.of("analysis", Map.of("analyzer", Map.of("a", Map.of("type", "klingon")))), Mapping.empty(),
                IllegalSearchArgumentException.class, "Unknown analyzer type [klingon] for [a]");
        assertRefused(Map.of("analysis", Map.of("analyzer", Map.of("a", Map.of("type", "custom", "tokenizer", "nope")))),
                Mapping.empty(), IllegalSearchArgumentException.class,
                "Custom Analyzer [a] failed to find tokenizer under name [nope]");
        assertRefused(Map.of("analysis", Map.of("analyzer", Map.of("a", Map.of("tokenizer", "standard",
                        "filter", List.of("lowercase", "nope"))))), Mapping.empty(), IllegalSearchArgumentException.class,
                "Custom Analyzer [a] failed to find filter under name [nope]");
        assertRefused(Map.of("analysis", Map.of("filter", Map.of("f", Map.of("type", "nope")))), Mapping.empty(),
                IllegalSearchArgumentException.class, "Unknown filter type [nope] for [f]");
        assertRefused(Map.of("analysis", Map.of("analyzer", Map.of("a", Map.of("filter", List.of("lowercase"))))),
                Mapping.empty(), IllegalSearchArgumentException.class,
                "analyzer [a] must specify either an analyzer type, or a tokenizer");
        assertRefused(Map.of("analysis", Map.of("filter", Map.of("s", Map.of("type", "synonym", "synonyms",
                        List.of("a => "))),
                        "analyzer", Map.of("a", Map.of("tokenizer", "standard", "filter", List.of("s"))))),
                Mapping.empty(), IllegalSearchArgumentException.class, "failed to build synonyms for [s]");
        assertRefused(Map.of(), Mapping.parse(Map.of("properties", Map.of("t", Map.of("type", "text",
                "analyzer", "missing")))), MapperParsingException.class,
                "Failed to parse mapping: analyzer [missing] has not been configured in mappings");
        assertThatThrownBy(() -> Mapping.parse(Map.of("properties", Map.of("k", Map.of("type", "keyword",
                "analyzer", "english"))))).isInstanceOf(MapperParsingException.class)
                .hasMessage("unknown parameter [analyzer] on mapper [k] of type [keyword]");
    }

    private void assertRefused(Map<String, Object> settings, Mapping mapping, Class<? extends SearchException> type,
                               String message) {
        assertThatThrownBy(() -> search.engine().createIndex("bad", IndexSettings.parse(settings), mapping))
                .isInstanceOf(type).hasMessageContaining(message);
        assertThat(search.engine().indexes()).isEmpty();
        assertThat(Files.exists(directory.resolve("search/bad"))).isFalse();
    }

    @Test
    void lenientSynonymsSkipRulesTheChainCannotAnalyze() {
        Map<String, Object> analysis = Map.of("filter", Map.of("s", Map.of("type", "synonym_graph", "lenient", true,
                        "synonyms", List.of("the => article", "car, automobile"))),
                "analyzer", Map.of("a", Map.of("tokenizer", "standard", "filter", List.of("stop", "s"))));
        SearchIndex index = search.engine().createIndex("lenient", IndexSettings.parse(Map.of("analysis", analysis)),
                Mapping.empty());
        assertThat(terms(index.analyze(AnalyzeRequest.withAnalyzer("a", "the car"))))
                .containsExactlyInAnyOrder("car", "automobile");
    }

    @Test
    void analyzerChangesOfAnExistingFieldAreRefused() {
        SearchIndex index = products();
        assertThatThrownBy(() -> index.putMapping(Mapping.parse(Map.of("properties", Map.of("description",
                Map.of("type", "text", "analyzer", "standard"))))))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Mapper for [description] conflicts with existing mapper:\n\tCannot update parameter "
                        + "[analyzer] from [english] to [standard]");
        assertThatThrownBy(() -> index.putMapping(Mapping.parse(Map.of("properties", Map.of("new",
                Map.of("type", "text", "analyzer", "nowhere"))))))
                .isInstanceOf(MapperParsingException.class);
        index.putMapping(Mapping.parse(Map.of("properties", Map.of("description",
                Map.of("type", "text", "analyzer", "english", "search_analyzer", "standard")))));
        assertThat(((Mapping.FieldMapping) index.mapping().lookup("description")).searchAnalyzer()).isEqualTo("standard");
        assertThat(index.mapping().lookup("new")).isNull();
    }

    @Test
    void analysisSettingsSurviveARestart() {
        SearchIndex index = search.engine().createIndex("kept", IndexSettings.parse(Map.of(
                        "index.analysis.filter.s.type", "synonym",
                        "index.analysis.filter.s.synonyms", List.of("랩톱, 노트북, laptop"),
                        "index.analysis.analyzer.korean.tokenizer", "nori_tokenizer",
                        "index.analysis.analyzer.korean.filter", List.of("lowercase", "s"))),
                Mapping.parse(Map.of("properties", Map.of("name", Map.of("type", "text", "analyzer", "korean")))));
        index(index, "1", "{\"name\": \"노트북 가방\"}");
        Map<String, Object> analysis = index.settings().analysis();

        SearchIndex reopened = search.restart().index("kept");
        assertThat(reopened.settings().analysis()).isEqualTo(analysis);
        assertThat(matching(reopened, "name", "laptop")).containsExactly("1");
        index(reopened, "2", "{\"name\": \"랩톱\"}");
        assertThat(matching(reopened, "name", "노트북")).containsExactlyInAnyOrder("1", "2");

        // after a crash, replayed documents are analyzed with the field's analyzer too
        index(reopened, "3", "{\"name\": \"LAPTOP 파우치\"}");
        SearchIndex recovered = search.restartAfterCrash().index("kept");
        recovered.refresh();
        assertThat(matching(recovered, "name", "랩톱")).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void analyzeRefusesUnknownNamesAndFieldsThatAreNotText() {
        assertThatThrownBy(() -> search.engine().analyze(AnalyzeRequest.withAnalyzer("nope", "x")))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessage("failed to find global analyzer [nope]");
        SearchIndex index = products();
        assertThatThrownBy(() -> index.analyze(AnalyzeRequest.withAnalyzer("nope", "x")))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessage("failed to find analyzer [nope]");
        index(index, "1", "{\"count\": 3}");
        assertThatThrownBy(() -> index.analyze(AnalyzeRequest.forField("count", "3")))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Can't process field [count], Analysis requests are only supported on tokenized fields");
        assertThatThrownBy(() -> search.engine().analyze(AnalyzeRequest.forField("name", "x")))
                .isInstanceOf(IllegalSearchArgumentException.class);
    }
}
