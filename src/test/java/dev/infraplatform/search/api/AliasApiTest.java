package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Aliases and closed indexes over HTTP, in Elasticsearch's request, response and error shapes. */
class AliasApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private static void assertEsError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
    }

    private static void assertOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private int head(String path) {
        return http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    @Test
    void aliasesAreCreatedListedUsedForSearchesAndWritesAndRemoved() {
        assertOk(http.putJson(BASE + "/al-books", """
                {"aliases": {"al-novels": {"filter": {"term": {"genre": "novel"}}, "routing": "1"}}}"""));
        assertOk(http.putJson(BASE + "/al-books/_doc/1?refresh=true", "{\"genre\": \"novel\", \"title\": \"Emma\"}"));
        assertOk(http.putJson(BASE + "/al-books/_doc/2?refresh=true", "{\"genre\": \"poem\", \"title\": \"Odes\"}"));

        String index = http.get(BASE + "/al-books").body();
        assertThat(JsonPath.<Map<String, Object>>read(index, "$.al-books.aliases.al-novels"))
                .containsEntry("index_routing", "1").containsEntry("search_routing", "1")
                .containsKey("filter");
        String count = http.postJson(BASE + "/al-novels/_count", "{}").body();
        assertThat(JsonPath.<Integer>read(count, "$.count")).isEqualTo(1);
        String hits = http.postJson(BASE + "/al-novels/_search", "{}").body();
        assertThat(JsonPath.<List<String>>read(hits, "$.hits.hits[*]._id")).containsExactly("1");
        String mapping = http.get(BASE + "/al-novels/_mapping").body();
        assertThat(JsonPath.<Map<String, Object>>read(mapping, "$")).containsOnlyKeys("al-books");

        // a write through the alias lands in its only index
        HttpResponse<String> written = http.putJson(BASE + "/al-novels/_doc/3?refresh=true", "{\"genre\": \"novel\"}");
        assertOk(written);
        assertThat(JsonPath.<String>read(written.body(), "$._index")).isEqualTo("al-books");
        assertOk(http.putJson(BASE + "/al-novels/_doc/4?require_alias=true", "{\"genre\": \"novel\"}"));
        assertEsError(http.putJson(BASE + "/al-books/_doc/5?require_alias=true", "{}"), 404,
                "index_not_found_exception");

        assertOk(http.putJson(BASE + "/al-books/_alias/al-all", "{\"is_write_index\": true}"));
        String all = http.get(BASE + "/_alias/al-all").body();
        assertThat(JsonPath.<Boolean>read(all, "$.al-books.aliases.al-all.is_write_index")).isTrue();
        assertThat(head(BASE + "/_alias/al-all")).isEqualTo(200);
        assertThat(head(BASE + "/_alias/al-none")).isEqualTo(404);

        HttpResponse<String> missing = http.get(BASE + "/al-books/_alias/al-all,al-none");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(missing.body(), "$.error")).isEqualTo("alias [al-none] missing");
        assertThat(JsonPath.<Map<String, Object>>read(missing.body(), "$.al-books.aliases")).containsOnlyKeys("al-all");

        String cat = http.get(BASE + "/_cat/aliases/al-*?format=json").body();
        assertThat(JsonPath.<List<String>>read(cat, "$[*].alias")).containsExactly("al-all", "al-novels");
        assertThat(JsonPath.<List<String>>read(cat, "$[?(@.alias == 'al-novels')].filter")).containsExactly("*");

        assertOk(http.delete(BASE + "/al-books/_alias/al-all"));
        assertEsError(http.delete(BASE + "/al-books/_alias/al-all"), 404, "aliases_not_found_exception");
        assertThat(head(BASE + "/_alias/al-all")).isEqualTo(404);
    }

    @Test
    void updateAliasesIsAtomicAndAliasesAreNoIndexesToDelete() {
        assertOk(http.putJson(BASE + "/ua-1", "{}"));
        assertOk(http.putJson(BASE + "/ua-2", "{}"));
        HttpResponse<String> refused = http.postJson(BASE + "/_aliases", """
                {"actions": [{"add": {"index": "ua-1", "alias": "ua"}}, {"add": {"index": "ua-missing", "alias": "ua"}}]}""");
        assertEsError(refused, 404, "index_not_found_exception");
        assertThat(http.get(BASE + "/ua-1/_alias").body()).isEqualTo("{\"ua-1\":{\"aliases\":{}}}");

        assertOk(http.postJson(BASE + "/_aliases", """
                {"actions": [{"add": {"indices": ["ua-1", "ua-2"], "alias": "ua"}}]}"""));
        assertEsError(http.putJson(BASE + "/ua/_doc/1", "{}"), 400, "illegal_argument_exception");
        assertEsError(http.putJson(BASE + "/ua-1/_alias/ua-2", "{}"), 400, "invalid_alias_name_exception");
        assertEsError(http.putJson(BASE + "/ua", "{}"), 400, "invalid_index_name_exception");
        assertEsError(http.putJson(BASE + "/ua-1/_alias/bad*", "{}"), 400, "invalid_alias_name_exception");

        assertEsError(http.delete(BASE + "/ua"), 400, "illegal_argument_exception");
        assertOk(http.delete(BASE + "/ua?ignore_unavailable=true"));
        assertOk(http.delete(BASE + "/u*"));
        assertThat(http.get(BASE + "/ua-1").statusCode()).isEqualTo(404);
    }

    @Test
    void anAliasRoutingRoutesWritesAndReadsThroughItAndASearchRoutingLimitsTheShards() {
        assertOk(http.putJson(BASE + "/rt-books", """
                {"settings": {"number_of_shards": 3}, "aliases": {"rt-red": {"routing": "red"}}}"""));
        HttpResponse<String> written = http.putJson(BASE + "/rt-red/_doc/1?refresh=true", "{\"title\": \"red\"}");
        assertOk(written);
        assertThat(JsonPath.<String>read(written.body(), "$._index")).isEqualTo("rt-books");
        // stored with the alias's routing: found through the alias, or with that routing
        String viaAlias = http.get(BASE + "/rt-red/_doc/1").body();
        assertThat(JsonPath.<Boolean>read(viaAlias, "$.found")).isTrue();
        assertThat(JsonPath.<String>read(viaAlias, "$._routing")).isEqualTo("red");
        assertThat(JsonPath.<String>read(http.get(BASE + "/rt-books/_doc/1?routing=red").body(), "$._routing"))
                .isEqualTo("red");
        assertEsError(http.putJson(BASE + "/rt-red/_doc/2?routing=blue", "{}"), 400, "illegal_argument_exception");
        assertThat(http.get(BASE + "/rt-books/_doc/2?routing=blue").statusCode()).isEqualTo(404);

        String routed = http.postJson(BASE + "/rt-books/_search?routing=red", "{}").body();
        assertThat(JsonPath.<Integer>read(routed, "$._shards.total")).isEqualTo(1);
        assertThat(JsonPath.<List<String>>read(routed, "$.hits.hits[*]._id")).containsExactly("1");
        assertThat(JsonPath.<Integer>read(http.postJson(BASE + "/rt-red/_search", "{}").body(), "$._shards.total"))
                .isEqualTo(1);
        assertThat(JsonPath.<Integer>read(http.postJson(BASE + "/rt-books/_count?routing=red", "{}").body(),
                "$.count")).isEqualTo(1);
    }

    @Test
    void closedIndexesRefuseReadsAndWritesUntilOpened() {
        assertOk(http.putJson(BASE + "/cl-1/_doc/1?refresh=true", "{\"n\": 1}"));
        HttpResponse<String> closed = http.postJson(BASE + "/cl-1/_close", "");
        assertOk(closed);
        assertThat(JsonPath.<Boolean>read(closed.body(), "$.indices.cl-1.closed")).isTrue();

        assertEsError(http.postJson(BASE + "/cl-1/_search", "{}"), 400, "index_closed_exception");
        assertEsError(http.get(BASE + "/cl-1/_doc/1"), 400, "index_closed_exception");
        assertEsError(http.putJson(BASE + "/cl-1/_doc/2", "{}"), 400, "index_closed_exception");
        assertThat(JsonPath.<String>read(http.get(BASE + "/cl-1").body(), "$.cl-1.settings.index.verified_before_close"))
                .isEqualTo("true");
        assertThat(http.get(BASE + "/cl-*/_mapping").body()).isEqualTo("{}");
        assertThat(http.get(BASE + "/cl-*/_mapping?expand_wildcards=closed").body()).contains("cl-1");

        assertOk(http.postJson(BASE + "/cl-*/_open", ""));
        String count = http.postJson(BASE + "/cl-1/_count", "{}").body();
        assertThat(JsonPath.<Integer>read(count, "$.count")).isEqualTo(1);
    }
}
