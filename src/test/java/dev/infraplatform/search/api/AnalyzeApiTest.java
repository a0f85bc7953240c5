package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** _analyze and index analysis settings in Elasticsearch's paths, shapes and errors. */
class AnalyzeApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private static void assertEsError(HttpResponse<String> response, int status, String type, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.root_cause[0].type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.reason")).contains(reason);
    }

    private static List<String> tokens(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.tokens[*].token");
    }

    @Test
    void analyzeAnswersInElasticsearchsTokenShape() {
        HttpResponse<String> english = http.postJson(BASE + "/_analyze",
                "{\"analyzer\": \"english\", \"text\": \"The Quick Brown Fox Jumps Over The Lazy Dog\"}");
        assertThat(tokens(english)).containsExactly("quick", "brown", "fox", "jump", "over", "lazi", "dog");
        assertThat(JsonPath.<Map<String, Object>>read(english.body(), "$.tokens[0]")).containsExactly(
                Map.entry("token", "quick"), Map.entry("start_offset", 4), Map.entry("end_offset", 9),
                Map.entry("type", "<ALPHANUM>"), Map.entry("position", 1));

        // GET with a body, as Elasticsearch clients send it; an array of texts runs positions on
        HttpResponse<String> texts = http.send(HttpRequest.newBuilder(http.uri(BASE + "/_analyze"))
                .header("Content-Type", "application/json")
                .method("GET", HttpRequest.BodyPublishers.ofString(
                        "{\"analyzer\": \"standard\", \"text\": [\"Hello World\", \"42\"]}")).build());
        assertThat(tokens(texts)).containsExactly("hello", "world", "42");
        assertThat(JsonPath.<List<Integer>>read(texts.body(), "$.tokens[*].position")).containsExactly(0, 1, 2);
        assertThat(JsonPath.<List<Integer>>read(texts.body(), "$.tokens[*].start_offset")).containsExactly(0, 6, 12);
        assertThat(JsonPath.<String>read(texts.body(), "$.tokens[2].type")).isEqualTo("<NUM>");

        // an ad hoc chain with an inline filter and a char filter
        HttpResponse<String> adHoc = http.postJson(BASE + "/_analyze", """
                {"tokenizer": "standard", "char_filter": ["html_strip"],
                 "filter": ["lowercase", {"type": "asciifolding", "preserve_original": true}],
                 "text": "<p>Déjà vu</p>"}""");
        assertThat(tokens(adHoc)).containsExactly("deja", "déjà", "vu");

        HttpResponse<String> nori = http.postJson(BASE + "/_analyze", "{\"analyzer\": \"nori\", \"text\": \"아버지가방에들어가신다\"}");
        assertThat(tokens(nori)).containsExactly("아버지", "방", "들어가");
        assertThat(JsonPath.<List<String>>read(nori.body(), "$.tokens[*].type")).containsOnly("word");
    }

    @Test
    void anIndexsAnalyzersAndFieldsAnalyzeAsTheyIndex() {
        HttpResponse<String> created = http.putJson(BASE + "/analyze-products", """
                {"settings": {"analysis": {
                    "tokenizer": {"korean": {"type": "nori_tokenizer", "decompound_mode": "mixed",
                                             "user_dictionary_rules": ["노트북"]}},
                    "filter": {"products": {"type": "synonym_graph", "synonyms": ["랩톱, 노트북, laptop"]}},
                    "analyzer": {"korean_search": {"tokenizer": "korean", "filter": ["lowercase", "products"]},
                                 "korean_index": {"tokenizer": "korean", "filter": ["lowercase"]}}}},
                 "mappings": {"properties": {"name": {"type": "text", "analyzer": "korean_index",
                                                      "search_analyzer": "korean_search"}}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String index = http.get(BASE + "/analyze-products").body();
        assertThat(JsonPath.<String>read(index,
                "$['analyze-products'].settings.index.analysis.analyzer.korean_index.tokenizer")).isEqualTo("korean");
        String mapping = http.get(BASE + "/analyze-products/_mapping").body();
        assertThat(JsonPath.<Map<String, Object>>read(mapping, "$['analyze-products'].mappings.properties.name"))
                .isEqualTo(Map.of("type", "text", "analyzer", "korean_index", "search_analyzer", "korean_search"));

        HttpResponse<String> synonyms = http.postJson(BASE + "/analyze-products/_analyze",
                "{\"analyzer\": \"korean_search\", \"text\": \"노트북\"}");
        assertThat(tokens(synonyms)).containsExactlyInAnyOrder("노트북", "랩톱", "laptop");
        assertThat(JsonPath.<List<String>>read(synonyms.body(), "$.tokens[*].type")).contains("SYNONYM");
        assertThat(tokens(http.postJson(BASE + "/analyze-products/_analyze",
                "{\"field\": \"name\", \"text\": [\"LAPTOP\", \"가방\"]}"))).containsExactly("laptop", "가방");
        assertThat(JsonPath.<List<Integer>>read(http.postJson(BASE + "/analyze-products/_analyze",
                "{\"field\": \"name\", \"text\": [\"LAPTOP\", \"가방\"]}").body(), "$.tokens[*].position"))
                .containsExactly(0, 101);

        http.putJson(BASE + "/analyze-products/_doc/1?refresh=true", "{\"name\": \"초경량 laptop\"}");
        HttpResponse<String> found = http.postJson(BASE + "/analyze-products/_search",
                "{\"query\": {\"match\": {\"name\": \"노트북\"}}}");
        assertThat(JsonPath.<List<String>>read(found.body(), "$.hits.hits[*]._id")).containsExactly("1");

        assertEsError(http.putJson(BASE + "/analyze-products/_mapping",
                        "{\"properties\": {\"name\": {\"type\": \"text\", \"analyzer\": \"standard\"}}}"), 400,
                "illegal_argument_exception", "Cannot update parameter [analyzer] from [korean_index] to [standard]");
        http.delete(BASE + "/analyze-products");
    }

    @Test
    void badAnalysisAndAnalyzeRequestsAreRefusedAsElasticsearchRefusesThem() {
        assertEsError(http.putJson(BASE + "/analyze-bad", """
                        {"settings": {"index": {"analysis": {"analyzer": {"a": {"tokenizer": "nope"}}}}}}"""), 400,
                "illegal_argument_exception", "Custom Analyzer [a] failed to find tokenizer under name [nope]");
        assertEsError(http.putJson(BASE + "/analyze-bad", """
                        {"mappings": {"properties": {"t": {"type": "text", "analyzer": "nope"}}}}"""), 400,
                "mapper_parsing_exception", "analyzer [nope] has not been configured in mappings");
        assertThat(http.get(BASE + "/analyze-bad").statusCode()).isEqualTo(404);

        assertEsError(http.postJson(BASE + "/_analyze", "{\"analyzer\": \"nope\", \"text\": \"x\"}"), 400,
                "illegal_argument_exception", "failed to find global analyzer [nope]");
        assertEsError(http.postJson(BASE + "/_analyze", "{\"analyzer\": \"standard\"}"), 400,
                "action_request_validation_exception", "text is missing");
        assertEsError(http.postJson(BASE + "/_analyze", "{\"text\": \"x\", \"colour\": 1}"), 400,
                "x_content_parse_exception", "unknown field [colour]");
        assertEsError(http.postJson(BASE + "/_analyze", "{\"text\": \"x\", \"tokenizer\": \"nope\"}"), 400,
                "illegal_argument_exception", "failed to find global tokenizer under [nope]");
        assertEsError(http.postJson(BASE + "/_analyze", "{\"text\": \"x\", \"explain\": true}"), 400,
                "illegal_argument_exception", "explain");
        assertEsError(http.postJson(BASE + "/analyze-missing/_analyze", "{\"text\": \"x\"}"), 404,
                "index_not_found_exception", "no such index [analyze-missing]");
    }
}
