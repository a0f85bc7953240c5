package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Date math index names in paths, sent URL-encoded as Elasticsearch clients send them. */
class DateMathNamesApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";
    /** {@code <dmlogs-{now/d}>} */
    private static final String TODAY = "%3Cdmlogs-%7Bnow%2Fd%7D%3E";

    /** The names {@code dmlogs-{now/d}} may resolve to around this test (it may run over midnight, UTC). */
    private static List<String> todaysNames(LocalDate before) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu.MM.dd");
        return List.of("dmlogs-" + before.format(format), "dmlogs-" + LocalDate.now(ZoneOffset.UTC).format(format));
    }

    @Test
    void createWriteAndSearchThroughADateMathName() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> created = http.putJson(BASE + "/" + TODAY, "{}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(created.body(), "$.index")).isIn(todaysNames(before));

        HttpResponse<String> indexed = http.putJson(BASE + "/" + TODAY + "/_doc/1?refresh=true",
                "{\"message\": \"disk full\"}");
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);
        assertThat(JsonPath.<String>read(indexed.body(), "$._index")).isIn(todaysNames(before));

        String found = http.get(BASE + "/" + TODAY + ",dmother-%2A/_search?q=message:disk").body();
        assertThat(JsonPath.<Integer>read(found, "$.hits.total.value")).as(found).isEqualTo(1);
        assertThat(JsonPath.<String>read(found, "$.hits.hits[0]._index")).isIn(todaysNames(before));
    }

    @Test
    void bulkAndMgetResolveDateMathInTheirItemsIndexes() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> bulk = http.post(BASE + "/_bulk?refresh=true", "application/x-ndjson", """
                {"index": {"_index": "<dmbulk-{now/d}>", "_id": "1"}}
                {"message": "disk full"}
                """);
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        String index = JsonPath.read(bulk.body(), "$.items[0].index._index");
        assertThat(index).isIn(todaysNames(before).stream().map(name -> name.replace("dmlogs", "dmbulk")).toList());

        String got = http.postJson(BASE + "/_mget", "{\"docs\": [{\"_index\": \"<dmbulk-{now/d}>\", \"_id\": \"1\"}]}")
                .body();
        assertThat(JsonPath.<Boolean>read(got, "$.docs[0].found")).as(got).isTrue();
        assertThat(JsonPath.<String>read(got, "$.docs[0]._index")).isEqualTo(index);
    }

    @Test
    void aliasActionsResolveDateMathInTheirIndexAndAliasNames() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        http.putJson(BASE + "/" + TODAY, "{}");
        HttpResponse<String> added = http.postJson(BASE + "/_aliases", """
                {"actions": [{"add": {"index": "<dmlogs-{now/d}>", "alias": "<dmtoday-{now/d{yyyy}}>"}}]}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String aliases = http.get(BASE + "/_alias/dmtoday-*").body();
        assertThat(todaysNames(before).stream().anyMatch(aliases::contains)).as(aliases).isTrue();
        assertThat(aliases).containsPattern("dmtoday-\\d{4}");
    }

    @Test
    void aMissingDateMathIndexIsNamedResolvedInThe404() {
        HttpResponse<String> missing = http.get(BASE + "/%3Cdmgone-%7Bnow%2FM%7D%3E/_search");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
        assertThat(JsonPath.<String>read(missing.body(), "$.error.type")).isEqualTo("index_not_found_exception");
        assertThat(JsonPath.<String>read(missing.body(), "$.error.index")).matches("dmgone-\\d{4}\\.\\d{2}\\.01");
    }

    @Test
    void aMalformedExpressionIsAParseErrorAndCreatesNothing() {
        HttpResponse<String> malformed = http.putJson(BASE + "/%3Cdmbad-%7Bnow%2Fd%3E", "{}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(JsonPath.<String>read(malformed.body(), "$.error.type")).isEqualTo("parse_exception");
        assertThat(JsonPath.<String>read(malformed.body(), "$.error.reason"))
                .contains("date math placeholder is open ended");
        assertThat(http.get(BASE + "/_mapping").body()).doesNotContain("dmbad");
    }
}
