package dev.infraplatform.search.engine;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.search.aggregation.TooManyBucketsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Aggregations over a three-shard log index, so that every result goes through the cross-shard
 * reduce: bucket aggregations with sub-aggregations, metrics, their empty results and the errors
 * Elasticsearch gives.
 */
class AggregationTest extends LocalSearchTest {

    private static final JsonMapper JSON = new JsonMapper();

    private SearchIndex logs;

    @BeforeEach
    void open() {
        logs = search.engine().createIndex("logs", IndexSettings.parse(Map.of("number_of_shards", 3)),
                Mapping.parse(Map.of("properties", Map.of(
                        "host", Map.of("type", "keyword"),
                        "status", Map.of("type", "integer"),
                        "response_ms", Map.of("type", "double"),
                        "timestamp", Map.of("type", "date"),
                        "message", Map.of("type", "text"),
                        "ok", Map.of("type", "boolean")))));
        String[][] rows = {
                {"1", "web-1", "200", "100.0", "2023-01-15T10:15:00Z"},
                {"2", "web-1", "200", "300.0", "2023-01-15T10:45:00Z"},
                {"3", "web-1", "500", "500.0", "2023-01-15T11:05:00Z"},
                {"4", "web-2", "200", "200.0", "2023-02-10T09:00:00Z"},
                {"5", "web-2", "404", "50.0", "2023-03-01T00:30:00Z"},
                {"6", "web-3", "200", "150.0", "2023-03-31T23:30:00Z"},
                {"7", null, "503", "1000.0", "2023-01-15T12:00:00Z"}};
        for (String[] row : rows) {
            String host = row[1] == null ? "" : "\"host\": \"" + row[1] + "\", ";
            index(logs, row[0], "{" + host + "\"status\": " + row[2] + ", \"response_ms\": " + row[3]
                    + ", \"timestamp\": \"" + row[4] + "\", \"message\": \"GET /\", \"ok\": "
                    + (Integer.parseInt(row[2]) < 400) + "}");
        }
        logs.refresh();
    }

    private static void index(SearchIndex index, String id, String source) {
        index.index(id, null, source.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
    }

    /** The {@code aggregations} object of a search with {@code size: 0}, as JSON. */
    private static String aggregate(SearchIndex index, String query, String aggs) {
        SearchHits hits = index.search(new SearchRequest(query == null ? null : parse(query), null, 0, 0, null,
                parse(aggs), null));
        assertThat(hits.hits()).isEmpty();
        return JSON.writeValueAsString(hits.aggregations());
    }

    private String aggregate(String aggs) {
        return aggregate(logs, null, aggs);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static Object read(String json, String path) {
        return JsonPath.read(json, path);
    }

    private static double number(String json, String path) {
        return ((Number) read(json, path)).doubleValue();
    }

    private static long count(String json, String path) {
        return ((Number) read(json, path)).longValue();
    }

    @Test
    void termsCountsEveryShardsDocumentsWithSubAggregationsReduced() {
        String result = aggregate("""
                {"hosts": {"terms": {"field": "host"}, "aggs": {"latency": {"avg": {"field": "response_ms"}}}}}""");
        assertThat(count(result, "$.hosts.doc_count_error_upper_bound")).isZero();
        assertThat(count(result, "$.hosts.sum_other_doc_count")).isZero();
        assertThat(JsonPath.<List<String>>read(result, "$.hosts.buckets[*].key")).containsExactly("web-1", "web-2", "web-3");
        assertThat(JsonPath.<List<Integer>>read(result, "$.hosts.buckets[*].doc_count")).containsExactly(3, 2, 1);
        assertThat(number(result, "$.hosts.buckets[0].latency.value")).isEqualTo(300.0);
        assertThat(number(result, "$.hosts.buckets[1].latency.value")).isEqualTo(125.0);
        assertThat(number(result, "$.hosts.buckets[2].latency.value")).isEqualTo(150.0);
    }

    @Test
    void termsOnAnUnmappedFieldWithMissingPutsEveryDocumentInThatValuesBucket() {
        String result = aggregate("""
                {"s": {"terms": {"field": "nowhere", "missing": "abc"}},
                 "l": {"terms": {"field": "nowhere", "missing": 3}},
                 "b": {"terms": {"field": "nowhere", "value_type": "boolean", "missing": true}},
                 "d": {"terms": {"field": "nowhere", "value_type": "date", "missing": "2016-05-11"}},
                 "none": {"terms": {"field": "nowhere"}}}""");
        assertThat(read(result, "$.s.buckets[0].key")).isEqualTo("abc");
        assertThat(read(result, "$.l.buckets[0].key")).isEqualTo(3);
        assertThat(read(result, "$.b.buckets[0].key")).isEqualTo(1);
        assertThat(read(result, "$.b.buckets[0].key_as_string")).isEqualTo("true");
        assertThat(read(result, "$.d.buckets[0].key")).isEqualTo(1462924800000L);
        assertThat(read(result, "$.d.buckets[0].key_as_string")).isEqualTo("2016-05-11T00:00:00.000Z");
        for (String name : List.of("s", "l", "b", "d")) {
            assertThat(JsonPath.<List<Integer>>read(result, "$." + name + ".buckets[*].doc_count")).as(name)
                    .containsExactly(7);
        }
        assertThat(JsonPath.<List<Object>>read(result, "$.none.buckets")).isEmpty();
    }

    @Test
    void rangesPutADocumentWithoutAValueWhereItsMissingValueFalls() {
        index(logs, "8", "{\"host\": \"web-4\"}");
        logs.refresh();
        String result = aggregate("""
                {"fast": {"range": {"field": "response_ms", "missing": 10, "ranges": [{"to": 100}, {"from": 100}]}},
                 "days": {"date_range": {"field": "timestamp", "missing": "2020-01-01",
                                         "ranges": [{"to": "2023-01-01"}, {"from": "2023-01-01"}]}},
                 "without": {"range": {"field": "response_ms", "ranges": [{"to": 100}, {"from": 100}]}}}""");
        assertThat(JsonPath.<List<Integer>>read(result, "$.fast.buckets[*].doc_count")).containsExactly(2, 6);
        assertThat(JsonPath.<List<Integer>>read(result, "$.days.buckets[*].doc_count")).containsExactly(1, 7);
        assertThat(JsonPath.<List<Integer>>read(result, "$.without.buckets[*].doc_count")).containsExactly(1, 6);
    }

    @Test
    void aDateFieldsIncludeAndExcludeValuesAreReadAsDates() {
        index(logs, "8", "{\"timestamp\": \"2023-01-15T10:15:00Z\"}");
        logs.refresh();
        String result = aggregate("""
                {"in": {"terms": {"field": "timestamp", "include": ["2023-01-15T10:15:00Z", "1677630600000"]}},
                 "out": {"terms": {"field": "timestamp", "exclude": ["2023-01-15T10:15:00Z"], "size": 100}}}""");
        assertThat(JsonPath.<List<String>>read(result, "$.in.buckets[*].key_as_string"))
                .containsExactly("2023-01-15T10:15:00.000Z", "2023-03-01T00:30:00.000Z");
        assertThat(JsonPath.<List<Integer>>read(result, "$.in.buckets[*].doc_count")).containsExactly(2, 1);
        assertThat(JsonPath.<List<String>>read(result, "$.out.buckets[*].key_as_string"))
                .hasSize(6).doesNotContain("2023-01-15T10:15:00.000Z");
    }

    @Test
    void termsOrderSizeOtherDocCountAndMissing() {
        String byKey = aggregate("""
                {"hosts": {"terms": {"field": "host", "order": {"_key": "desc"}}}}""");
        assertThat(JsonPath.<List<String>>read(byKey, "$.hosts.buckets[*].key")).containsExactly("web-3", "web-2", "web-1");

        String byMetric = aggregate("""
                {"hosts": {"terms": {"field": "host", "order": {"latency": "desc"}},
                           "aggs": {"latency": {"avg": {"field": "response_ms"}}}}}""");
        assertThat(JsonPath.<List<String>>read(byMetric, "$.hosts.buckets[*].key")).containsExactly("web-1", "web-3", "web-2");

        String byStat = aggregate("""
                {"hosts": {"terms": {"field": "host", "order": [{"latency.min": "asc"}]},
                           "aggs": {"latency": {"stats": {"field": "response_ms"}}}}}""");
        assertThat(JsonPath.<List<String>>read(byStat, "$.hosts.buckets[*].key")).containsExactly("web-2", "web-1", "web-3");

        String top = aggregate("""
                {"hosts": {"terms": {"field": "host", "size": 1}, "meta": {"panel": 7}}}""");
        assertThat(JsonPath.<Map<String, Object>>read(top, "$.hosts.meta")).isEqualTo(Map.of("panel", 7));
        assertThat(JsonPath.<List<String>>read(top, "$.hosts.buckets[*].key")).containsExactly("web-1");
        assertThat(count(top, "$.hosts.sum_other_doc_count")).isEqualTo(3);

        String missing = aggregate("""
                {"hosts": {"terms": {"field": "host", "missing": "unknown", "min_doc_count": 1}}}""");
        assertThat(JsonPath.<List<String>>read(missing, "$.hosts.buckets[*].key"))
                .containsExactly("web-1", "web-2", "unknown", "web-3");

        String frequent = aggregate("""
                {"hosts": {"terms": {"field": "host", "min_doc_count": 2}}}""");
        assertThat(JsonPath.<List<String>>read(frequent, "$.hosts.buckets[*].key")).containsExactly("web-1", "web-2");
        assertThat(count(frequent, "$.hosts.sum_other_doc_count")).isZero();

        String included = aggregate("""
                {"hosts": {"terms": {"field": "host", "include": "web-[12]", "exclude": ["web-2"]}}}""");
        assertThat(JsonPath.<List<String>>read(included, "$.hosts.buckets[*].key")).containsExactly("web-1");
        assertThat(count(included, "$.hosts.sum_other_doc_count")).isZero();
    }

    @Test
    void partitionsSplitTheTermsIntoDisjointPagesThatCoverThemAll() {
        for (String field : List.of("host", "status", "response_ms")) {
            List<Object> all = JsonPath.read(aggregate("{\"t\": {\"terms\": {\"field\": \"" + field + "\"}}}"),
                    "$.t.buckets[*].key");
            List<Object> paged = new java.util.ArrayList<>();
            for (int partition = 0; partition < 3; partition++) {
                paged.addAll(JsonPath.<List<Object>>read(aggregate("{\"t\": {\"terms\": {\"field\": \"" + field
                        + "\", \"include\": {\"partition\": " + partition + ", \"num_partitions\": 3}}}}"),
                        "$.t.buckets[*].key"));
            }
            assertThat(paged).as(field).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThatThrownBy(() -> aggregate("""
                {"t": {"terms": {"field": "host", "include": {"partition": 3, "num_partitions": 3}}}}"""))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("less than [num_partitions]");
        assertThatThrownBy(() -> aggregate("""
                {"t": {"terms": {"field": "host", "include": {"partition": 0}}}}"""))
                .hasMessage("Missing [num_partitions] parameter for partition-based include");
        assertThatThrownBy(() -> aggregate("""
                {"t": {"terms": {"field": "host", "include": {"partition": 0, "num_partitions": 2},
                 "exclude": ["web-1"]}}}""")).hasMessageContaining("Cannot specify any excludes");
    }

    @Test
    void termsOnNumbersBooleansAndDatesHaveTypedKeys() {
        String status = aggregate("""
                {"status": {"terms": {"field": "status"}}}""");
        assertThat(JsonPath.<List<Integer>>read(status, "$.status.buckets[*].key")).containsExactly(200, 404, 500, 503);
        assertThat(JsonPath.<List<Integer>>read(status, "$.status.buckets[*].doc_count")).containsExactly(4, 1, 1, 1);

        String ok = aggregate("""
                {"ok": {"terms": {"field": "ok"}}}""");
        assertThat(JsonPath.<List<Integer>>read(ok, "$.ok.buckets[*].key")).containsExactly(1, 0);
        assertThat(JsonPath.<List<String>>read(ok, "$.ok.buckets[*].key_as_string")).containsExactly("true", "false");
        assertThat(JsonPath.<List<Integer>>read(ok, "$.ok.buckets[*].doc_count")).containsExactly(4, 3);

        String dates = aggregate("""
                {"at": {"terms": {"field": "timestamp", "size": 1, "order": {"_key": "asc"}}}}""");
        assertThat(count(dates, "$.at.buckets[0].key")).isEqualTo(1673777700000L);
        assertThat(read(dates, "$.at.buckets[0].key_as_string")).isEqualTo("2023-01-15T10:15:00.000Z");
        assertThat(count(dates, "$.at.doc_count_error_upper_bound")).isZero();
    }

    @Test
    void termsDocCountErrorIsTheSumOfTheShardsLastCountsAsElasticsearchComputesIt() {
        SearchIndex skewed = search.engine().createIndex("skewed", IndexSettings.parse(Map.of("number_of_shards", 3)),
                Mapping.parse(Map.of("properties", Map.of("term", Map.of("type", "keyword")))));
        // shard 0: a×5 b×4 c×1; shard 1: a×4 c×3 b×1; shard 2: b×5 c×4 a×1
        String[][] perShard = {{"a", "a", "a", "a", "a", "b", "b", "b", "b", "c"},
                {"a", "a", "a", "a", "c", "c", "c", "b"}, {"b", "b", "b", "b", "b", "c", "c", "c", "c", "a"}};
        ShardRouting routing = new ShardRouting(3);
        int next = 0;
        for (int shard = 0; shard < 3; shard++) {
            for (String term : perShard[shard]) {
                String id;
                do {
                    id = "d" + next++;
                } while (routing.shardOf(id, null) != shard);
                index(skewed, id, "{\"term\": \"" + term + "\"}");
            }
        }
        skewed.refresh();
        String result = aggregate(skewed, null, """
                {"t": {"terms": {"field": "term", "size": 1, "shard_size": 1, "show_term_doc_count_error": true}}}""");
        assertThat(JsonPath.<List<String>>read(result, "$.t.buckets[*].key")).containsExactly("a");
        assertThat(count(result, "$.t.buckets[0].doc_count")).isEqualTo(9);
        assertThat(count(result, "$.t.sum_other_doc_count")).isEqualTo(28 - 9);
        assertThat(count(result, "$.t.doc_count_error_upper_bound")).isEqualTo(5 + 4 + 5);
        // "a" may miss at most what shard 2, which did not return it, left out
        assertThat(count(result, "$.t.buckets[0].doc_count_error_upper_bound")).isEqualTo(5);

        String exact = aggregate(skewed, null, """
                {"t": {"terms": {"field": "term"}}}""");
        assertThat(JsonPath.<List<Integer>>read(exact, "$.t.buckets[*].doc_count")).containsExactly(10, 10, 8);
        assertThat(JsonPath.<List<String>>read(exact, "$.t.buckets[*].key")).containsExactly("a", "b", "c");
        assertThat(count(exact, "$.t.doc_count_error_upper_bound")).isZero();
    }

    @Test
    void rangeBucketsIncludeFromAndExcludeTo() {
        String result = aggregate("""
                {"latency": {"range": {"field": "response_ms", "ranges": [{"from": 300}, {"to": 100},
                  {"from": 100, "to": 300, "key": "normal"}]}}}""");
        assertThat(JsonPath.<List<String>>read(result, "$.latency.buckets[*].key"))
                .containsExactly("*-100.0", "normal", "300.0-*");
        assertThat(JsonPath.<List<Integer>>read(result, "$.latency.buckets[*].doc_count")).containsExactly(1, 3, 3);
        assertThat(number(result, "$.latency.buckets[1].from")).isEqualTo(100.0);
        assertThat(number(result, "$.latency.buckets[1].to")).isEqualTo(300.0);
        assertThat(JsonPath.<Map<String, Object>>read(result, "$.latency.buckets[0]")).doesNotContainKey("from");

        String keyed = aggregate("""
                {"latency": {"range": {"field": "response_ms", "keyed": true, "ranges": [{"to": 100}]},
                             "aggs": {"hosts": {"value_count": {"field": "host"}}}}}""");
        assertThat(count(keyed, "$.latency.buckets['*-100.0'].doc_count")).isEqualTo(1);
        assertThat(count(keyed, "$.latency.buckets['*-100.0'].hosts.value")).isEqualTo(1);

        String dates = aggregate("""
                {"months": {"date_range": {"field": "timestamp", "ranges": [{"from": "2023-02-01", "to": "2023-03-01"},
                  {"from": "2023-03-01"}]}}}""");
        assertThat(JsonPath.<List<String>>read(dates, "$.months.buckets[*].key")).containsExactly(
                "2023-02-01T00:00:00.000Z-2023-03-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z-*");
        assertThat(read(dates, "$.months.buckets[0].from_as_string")).isEqualTo("2023-02-01T00:00:00.000Z");
        assertThat(number(dates, "$.months.buckets[0].from")).isEqualTo(1675209600000.0);
        assertThat(JsonPath.<List<Integer>>read(dates, "$.months.buckets[*].doc_count")).containsExactly(1, 2);
    }

    @Test
    void histogramFillsEmptyBucketsAndExtendedBounds() {
        String result = aggregate("""
                {"latency": {"histogram": {"field": "response_ms", "interval": 200}}}""");
        assertThat(JsonPath.<List<Double>>read(result, "$.latency.buckets[*].key"))
                .containsExactly(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0);
        assertThat(JsonPath.<List<Integer>>read(result, "$.latency.buckets[*].doc_count")).containsExactly(3, 2, 1, 0, 0, 1);

        String sparse = aggregate("""
                {"latency": {"histogram": {"field": "response_ms", "interval": 200, "min_doc_count": 1}}}""");
        assertThat(JsonPath.<List<Double>>read(sparse, "$.latency.buckets[*].key")).containsExactly(0.0, 200.0, 400.0, 1000.0);

        String bounded = aggregate(logs, "{\"range\": {\"response_ms\": {\"lt\": 400}}}", """
                {"latency": {"histogram": {"field": "response_ms", "interval": 200, "offset": 50,
                  "extended_bounds": {"min": -300, "max": 700}}, "aggs": {"worst": {"max": {"field": "response_ms"}}}}}""");
        assertThat(JsonPath.<List<Double>>read(bounded, "$.latency.buckets[*].key"))
                .containsExactly(-350.0, -150.0, 50.0, 250.0, 450.0, 650.0);
        assertThat(JsonPath.<List<Integer>>read(bounded, "$.latency.buckets[*].doc_count")).containsExactly(0, 0, 4, 1, 0, 0);
        assertThat(read(bounded, "$.latency.buckets[0].worst.value")).isNull();
        assertThat(number(bounded, "$.latency.buckets[2].worst.value")).isEqualTo(200.0);
    }

    @Test
    void ipRangesCountAddressesByBoundsOrMasksAcrossFamilies() {
        SearchIndex hosts = search.engine().createIndex("hosts", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.parse(Map.of("properties", Map.of("ip", Map.of("type", "ip"), "n", Map.of("type", "long")))));
        index(hosts, "1", "{\"ip\": \"::1\", \"n\": 1}");
        index(hosts, "2", "{\"ip\": \"192.168.0.1\", \"n\": 2}");
        index(hosts, "3", "{\"ip\": [\"192.168.0.7\", \"192.168.0.9\"], \"n\": 3}");
        index(hosts, "4", "{\"ip\": \"10.0.0.1\", \"n\": 4}");
        hosts.refresh();
        String bounds = aggregate(hosts, null, """
                {"r": {"ip_range": {"field": "ip", "ranges": [{"from": "192.169.0.0"}, {"to": "192.168.0.0"},
                  {"from": "192.168.0.0", "to": "192.169.0.0"}]}, "aggs": {"most": {"max": {"field": "n"}}}}}""");
        assertThat(JsonPath.<List<String>>read(bounds, "$.r.buckets[*].key"))
                .containsExactly("*-192.168.0.0", "192.168.0.0-192.169.0.0", "192.169.0.0-*");
        // a document counts once per range, however many of its addresses fall in it
        assertThat(JsonPath.<List<Integer>>read(bounds, "$.r.buckets[*].doc_count")).containsExactly(2, 2, 0);
        assertThat(JsonPath.<Double>read(bounds, "$.r.buckets[1].most.value")).isEqualTo(3.0);
        assertThat(JsonPath.<Map<String, Object>>read(bounds, "$.r.buckets[0]")).doesNotContainKey("from");
        assertThat(JsonPath.<String>read(bounds, "$.r.buckets[2].from")).isEqualTo("192.169.0.0");

        String masks = aggregate(hosts, null, """
                {"r": {"ip_range": {"field": "ip", "keyed": true, "ranges": [{"mask": "::/24"},
                  {"mask": "10.0.0.0/8", "key": "private"}, {"mask": "255.255.255.255/32"}, {"mask": "::/0"}]}}}""");
        assertThat(JsonPath.<Map<String, Object>>read(masks, "$.r.buckets['::/0']")).as("every address: open above")
                .doesNotContainKey("to").containsEntry("from", "::").containsEntry("doc_count", 4);
        assertThat(JsonPath.<Integer>read(masks, "$.r.buckets['::/24'].doc_count")).isEqualTo(4);
        assertThat(JsonPath.<String>read(masks, "$.r.buckets['::/24'].to")).isEqualTo("0:100::");
        assertThat(JsonPath.<String>read(masks, "$.r.buckets.private.from")).isEqualTo("10.0.0.0");
        assertThat(JsonPath.<String>read(masks, "$.r.buckets.private.to")).isEqualTo("11.0.0.0");
        assertThat(JsonPath.<Integer>read(masks, "$.r.buckets.private.doc_count")).isEqualTo(1);
        assertThat(read(masks, "$.r.buckets['255.255.255.255/32'].to")).as("past the last IPv4 address: IPv6")
                .isEqualTo("::1:0:0:0");

        assertThatThrownBy(() -> aggregate(hosts, null, """
                {"r": {"ip_range": {"field": "n", "ranges": [{"to": "10.0.0.0"}]}}}"""))
                .hasMessage("Field [n] of type [long] is not supported for aggregation [ip_range]");
        assertThatThrownBy(() -> aggregate(hosts, null, """
                {"r": {"ip_range": {"field": "ip", "ranges": [{"mask": "10.0.0.0/33"}]}}}"""))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("Illegal prefix length");
    }

    @Test
    void theIndexNameIsAKeywordEveryDocumentHas() {
        SearchIndex archive = search.engine().createIndex("archive", IndexSettings.defaults(), Mapping.empty());
        index(archive, "a", "{\"status\": 200}");
        index(archive, "b", "{\"status\": 500}");
        archive.refresh();
        SearchHits hits = search.engine().search(List.of("logs", "archive"), IndicesOptions.SEARCH_DEFAULTS,
                new SearchRequest(Map.of("range", Map.of("status", Map.of("gte", 200))), null, 0, 0, null, parse("""
                        {"per_index": {"terms": {"field": "_index"}, "aggs": {"errors": {"filter": {"range":
                          {"status": {"gte": 500}}}}}}, "indexes": {"cardinality": {"field": "_index"}}}"""), null));
        String result = JSON.writeValueAsString(hits.aggregations());
        assertThat(JsonPath.<List<String>>read(result, "$.per_index.buckets[*].key")).containsExactly("logs", "archive");
        assertThat(JsonPath.<List<Integer>>read(result, "$.per_index.buckets[*].doc_count")).containsExactly(7, 2);
        assertThat(JsonPath.<List<Integer>>read(result, "$.per_index.buckets[*].errors.doc_count"))
                .containsExactly(2, 1);
        assertThat(count(result, "$.indexes.value")).isEqualTo(2);
    }

    @Test
    void aHistogramFormatPrintsTheKeysAndNamesKeyedBuckets() {
        String formatted = aggregate("""
                {"latency": {"histogram": {"field": "response_ms", "interval": 200, "min_doc_count": 1,
                  "format": "Latency ##0.0 ms", "order": {"_time": "desc"}}}}""");
        assertThat(JsonPath.<List<String>>read(formatted, "$.latency.buckets[*].key_as_string"))
                .containsExactly("Latency 1000.0 ms", "Latency 400.0 ms", "Latency 200.0 ms", "Latency 0.0 ms");
        assertThat(JsonPath.<List<Double>>read(formatted, "$.latency.buckets[*].key"))
                .containsExactly(1000.0, 400.0, 200.0, 0.0);
        String keyed = aggregate("""
                {"latency": {"histogram": {"field": "response_ms", "interval": 500, "format": "#", "keyed": true}}}""");
        assertThat(JsonPath.<Integer>read(keyed, "$.latency.buckets.500.doc_count")).isEqualTo(1);
        assertThat(JsonPath.<String>read(keyed, "$.latency.buckets.1000.key_as_string")).isEqualTo("1000");
        assertThatThrownBy(() -> aggregate("""
                {"latency": {"histogram": {"field": "response_ms", "interval": 200, "format": "#.#.#"}}}"""))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageStartingWith("Invalid format [#.#.#]");
    }

    @Test
    void dateHistogramWithFixedIntervalAndSubAggregation() {
        String result = aggregate(logs, "{\"range\": {\"timestamp\": {\"gte\": \"2023-01-15\", \"lt\": \"2023-01-16\"}}}", """
                {"per_hour": {"date_histogram": {"field": "timestamp", "fixed_interval": "1h"},
                              "aggs": {"latency": {"avg": {"field": "response_ms"}}}}}""");
        assertThat(JsonPath.<List<String>>read(result, "$.per_hour.buckets[*].key_as_string"))
                .containsExactly("2023-01-15T10:00:00.000Z", "2023-01-15T11:00:00.000Z", "2023-01-15T12:00:00.000Z");
        assertThat(JsonPath.<List<Long>>read(result, "$.per_hour.buckets[*].key"))
                .containsExactly(1673776800000L, 1673780400000L, 1673784000000L);
        assertThat(JsonPath.<List<Integer>>read(result, "$.per_hour.buckets[*].doc_count")).containsExactly(2, 1, 1);
        assertThat(JsonPath.<List<Double>>read(result, "$.per_hour.buckets[*].latency.value"))
                .containsExactly(200.0, 500.0, 1000.0);

        String thirtyMinutes = aggregate(logs, "{\"term\": {\"host\": \"web-1\"}}", """
                {"t": {"date_histogram": {"field": "timestamp", "fixed_interval": "30m", "format": "HH:mm"}}}""");
        assertThat(JsonPath.<List<String>>read(thirtyMinutes, "$.t.buckets[*].key_as_string"))
                .containsExactly("10:00", "10:30", "11:00");
        assertThat(JsonPath.<List<Integer>>read(thirtyMinutes, "$.t.buckets[*].doc_count")).containsExactly(1, 1, 1);
    }

    @Test
    void dateHistogramCalendarMonthsFollowTheCalendarAndTheTimeZone() {
        String utc = aggregate("""
                {"months": {"date_histogram": {"field": "timestamp", "calendar_interval": "month"}}}""");
        // January has 31 days, February 28 (2023): keys are the first of each month, not fixed 30-day steps
        assertThat(JsonPath.<List<Long>>read(utc, "$.months.buckets[*].key"))
                .containsExactly(1672531200000L, 1675209600000L, 1677628800000L);
        assertThat(JsonPath.<List<String>>read(utc, "$.months.buckets[*].key_as_string"))
                .containsExactly("2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z");
        assertThat(JsonPath.<List<Integer>>read(utc, "$.months.buckets[*].doc_count")).containsExactly(4, 1, 2);

        // 2023-03-31T23:30Z is already April 1st in Berlin (summer time, +02:00 since March 26th)
        String berlin = aggregate(logs, "{\"range\": {\"timestamp\": {\"gte\": \"2023-03-01\"}}}", """
                {"months": {"date_histogram": {"field": "timestamp", "calendar_interval": "1M",
                  "time_zone": "Europe/Berlin"}}}""");
        assertThat(JsonPath.<List<String>>read(berlin, "$.months.buckets[*].key_as_string"))
                .containsExactly("2023-03-01T00:00:00.000+01:00", "2023-04-01T00:00:00.000+02:00");
        assertThat(JsonPath.<List<Long>>read(berlin, "$.months.buckets[*].key"))
                .containsExactly(1677625200000L, 1680300000000L);
        assertThat(JsonPath.<List<Integer>>read(berlin, "$.months.buckets[*].doc_count")).containsExactly(1, 1);

        String weeks = aggregate(logs, "{\"term\": {\"host\": \"web-1\"}}", """
                {"weeks": {"date_histogram": {"field": "timestamp", "calendar_interval": "week"}}}""");
        // 2023-01-15 is a Sunday: its week starts on Monday the 9th
        assertThat(JsonPath.<List<String>>read(weeks, "$.weeks.buckets[*].key_as_string"))
                .containsExactly("2023-01-09T00:00:00.000Z");

        assertThatThrownBy(() -> aggregate("""
                {"m": {"date_histogram": {"field": "timestamp", "calendar_interval": "2M"}}}"""))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageContaining("could not be parsed as a calendar interval");
    }

    @Test
    void metricsAndTheirEmptyResults() {
        String result = aggregate("""
                {"avg": {"avg": {"field": "response_ms"}}, "sum": {"sum": {"field": "response_ms"}},
                 "min": {"min": {"field": "response_ms"}}, "max": {"max": {"field": "response_ms"}},
                 "stats": {"stats": {"field": "status"}}, "count": {"value_count": {"field": "host"}},
                 "first": {"min": {"field": "timestamp"}}, "spread": {"extended_stats": {"field": "response_ms"}}}""");
        assertThat(number(result, "$.avg.value")).isCloseTo(2300.0 / 7, within(1e-9));
        assertThat(number(result, "$.sum.value")).isEqualTo(2300.0);
        assertThat(number(result, "$.min.value")).isEqualTo(50.0);
        assertThat(number(result, "$.max.value")).isEqualTo(1000.0);
        assertThat(count(result, "$.stats.count")).isEqualTo(7);
        assertThat(number(result, "$.stats.min")).isEqualTo(200.0);
        assertThat(number(result, "$.stats.max")).isEqualTo(503.0);
        assertThat(number(result, "$.stats.sum")).isEqualTo(2207.0);
        assertThat(number(result, "$.stats.avg")).isCloseTo(2207.0 / 7, within(1e-9));
        assertThat(count(result, "$.count.value")).isEqualTo(6);
        assertThat(number(result, "$.first.value")).isEqualTo(1673777700000.0);
        assertThat(read(result, "$.first.value_as_string")).isEqualTo("2023-01-15T10:15:00.000Z");
        assertThat(number(result, "$.spread.sum_of_squares")).isEqualTo(1_415_000.0);
        double mean = 2300.0 / 7;
        double variance = 1_415_000.0 / 7 - mean * mean;
        assertThat(number(result, "$.spread.variance")).isCloseTo(variance, within(1e-6));
        assertThat(number(result, "$.spread.std_deviation")).isCloseTo(Math.sqrt(variance), within(1e-6));
        assertThat(number(result, "$.spread.std_deviation_bounds.upper"))
                .isCloseTo(mean + 2 * Math.sqrt(variance), within(1e-6));
        assertThat(number(result, "$.spread.variance_sampling")).isCloseTo(variance * 7 / 6, within(1e-6));

        String empty = aggregate(logs, "{\"term\": {\"host\": \"nobody\"}}", """
                {"avg": {"avg": {"field": "response_ms"}}, "sum": {"sum": {"field": "response_ms"}},
                 "min": {"min": {"field": "response_ms"}}, "stats": {"stats": {"field": "response_ms"}},
                 "count": {"value_count": {"field": "host"}}, "distinct": {"cardinality": {"field": "host"}},
                 "pct": {"percentiles": {"field": "response_ms", "percents": [50]}},
                 "hosts": {"terms": {"field": "host"}}, "unmapped": {"avg": {"field": "no_such_field"}},
                 "spread": {"extended_stats": {"field": "response_ms"}}}""");
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.avg")).containsEntry("value", null);
        assertThat(number(empty, "$.sum.value")).isZero();
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.min")).containsEntry("value", null);
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.stats")).containsEntry("count", 0)
                .containsEntry("min", null).containsEntry("max", null).containsEntry("avg", null);
        assertThat(count(empty, "$.count.value")).isZero();
        assertThat(count(empty, "$.distinct.value")).isZero();
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.pct.values")).containsEntry("50.0", null);
        assertThat(JsonPath.<List<Object>>read(empty, "$.hosts.buckets")).isEmpty();
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.unmapped")).containsEntry("value", null);
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.spread")).containsEntry("count", 0)
                .containsEntry("variance", null).containsEntry("std_deviation", null);

        // one document of eight has retries; the others count as "missing"
        index(logs, "8", "{\"retries\": 5}");
        logs.refresh();
        String missing = aggregate("""
                {"avg": {"avg": {"field": "retries", "missing": 2}}, "count": {"value_count": {"field": "retries",
                 "missing": 0}}, "plain": {"avg": {"field": "retries"}}}""");
        assertThat(number(missing, "$.avg.value")).isEqualTo((5 + 2 * 7) / 8.0);
        assertThat(count(missing, "$.count.value")).isEqualTo(8);
        assertThat(number(missing, "$.plain.value")).isEqualTo(5.0);
    }

    @Test
    void cardinalityIsExactBelowThePrecisionThresholdAndCloseAboveIt() {
        assertThat(count(aggregate("{\"hosts\": {\"cardinality\": {\"field\": \"host\"}}}"), "$.hosts.value")).isEqualTo(3);
        assertThat(count(aggregate("{\"s\": {\"cardinality\": {\"field\": \"status\"}}}"), "$.s.value")).isEqualTo(4);

        SearchIndex many = search.engine().createIndex("many", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.empty());
        for (int doc = 0; doc < 4; doc++) {
            int first = doc * 2_500;
            // overlapping halves: 10,000 distinct values over 4 documents and 2 shards
            String values = IntStream.range(first, first + 5_000).map(v -> v % 10_000).mapToObj(Integer::toString)
                    .collect(Collectors.joining(","));
            index(many, "d" + doc, "{\"code\": [" + values + "], \"tag\": [" + IntStream.range(first, first + 5_000)
                    .map(v -> v % 10_000).mapToObj(v -> "\"t" + v + "\"").collect(Collectors.joining(",")) + "]}");
        }
        many.refresh();
        String exact = aggregate(many, null, """
                {"codes": {"cardinality": {"field": "code", "precision_threshold": 20000}},
                 "tags": {"cardinality": {"field": "tag.keyword", "precision_threshold": 20000}}}""");
        assertThat(count(exact, "$.codes.value")).isEqualTo(10_000);
        assertThat(count(exact, "$.tags.value")).isEqualTo(10_000);
        String approximate = aggregate(many, null, """
                {"codes": {"cardinality": {"field": "code"}}, "tags": {"cardinality": {"field": "tag.keyword",
                  "precision_threshold": 100}}}""");
        assertThat(count(approximate, "$.codes.value")).isBetween(9_700L, 10_300L);
        assertThat(count(approximate, "$.tags.value")).isBetween(9_000L, 11_000L);
    }

    @Test
    void percentilesFromMergedDigests() {
        SearchIndex latencies = search.engine().createIndex("latencies",
                IndexSettings.parse(Map.of("number_of_shards", 2)), Mapping.empty());
        List<String> firstHalf = new ArrayList<>();
        List<String> secondHalf = new ArrayList<>();
        for (int v = 1; v <= 100; v++) {
            (v % 2 == 0 ? firstHalf : secondHalf).add(Integer.toString(v));
        }
        index(latencies, "a", "{\"ms\": [" + String.join(",", firstHalf) + "]}");
        index(latencies, "b", "{\"ms\": [" + String.join(",", secondHalf) + "]}");
        latencies.refresh();
        String keyed = aggregate(latencies, null, "{\"p\": {\"percentiles\": {\"field\": \"ms\"}}}");
        assertThat(JsonPath.<Map<String, Object>>read(keyed, "$.p.values").keySet())
                .containsExactly("1.0", "5.0", "25.0", "50.0", "75.0", "95.0", "99.0");
        assertThat(number(keyed, "$.p.values['50.0']")).isCloseTo(50.5, within(1.0));
        assertThat(number(keyed, "$.p.values['99.0']")).isCloseTo(99.5, within(1.0));
        assertThat(number(keyed, "$.p.values['1.0']")).isCloseTo(1.5, within(1.0));

        String list = aggregate(latencies, null, """
                {"p": {"percentiles": {"field": "ms", "percents": [95, 99.9], "keyed": false}}}""");
        assertThat(JsonPath.<List<Double>>read(list, "$.p.values[*].key")).containsExactly(95.0, 99.9);
        assertThat(number(list, "$.p.values[0].value")).isCloseTo(95.5, within(1.0));
    }

    @Test
    void singleBucketAggregationsAndDeepNesting() {
        String result = aggregate("""
                {"ok": {"filter": {"term": {"status": 200}}, "aggs": {"latency": {"avg": {"field": "response_ms"}}}},
                 "classes": {"filters": {"filters": {"errors": {"range": {"status": {"gte": 400}}},
                                                      "web1": {"term": {"host": "web-1"}}}}},
                 "no_host": {"missing": {"field": "host"}, "aggs": {"latency": {"max": {"field": "response_ms"}}}},
                 "hosts": {"terms": {"field": "host"}, "aggs": {
                    "months": {"date_histogram": {"field": "timestamp", "calendar_interval": "month", "min_doc_count": 1},
                               "aggs": {"statuses": {"terms": {"field": "status"},
                                                     "aggs": {"worst": {"max": {"field": "response_ms"}}}}}}}}}""");
        assertThat(count(result, "$.ok.doc_count")).isEqualTo(4);
        assertThat(number(result, "$.ok.latency.value")).isEqualTo(187.5);
        assertThat(count(result, "$.classes.buckets.errors.doc_count")).isEqualTo(3);
        assertThat(count(result, "$.classes.buckets.web1.doc_count")).isEqualTo(3);
        assertThat(count(result, "$.no_host.doc_count")).isEqualTo(1);
        assertThat(number(result, "$.no_host.latency.value")).isEqualTo(1000.0);
        assertThat(JsonPath.<List<Integer>>read(result, "$.hosts.buckets[0].months.buckets[0].statuses.buckets[*].key"))
                .containsExactly(200, 500);
        assertThat(JsonPath.<List<Double>>read(result,
                "$.hosts.buckets[0].months.buckets[0].statuses.buckets[*].worst.value")).containsExactly(300.0, 500.0);
        assertThat(JsonPath.<List<String>>read(result, "$.hosts.buckets[1].months.buckets[*].key_as_string"))
                .containsExactly("2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z");
    }

    @Test
    void aggregationsRunBesideHitsAndTotals() {
        SearchHits hits = logs.search(new SearchRequest(parse("{\"term\": {\"host\": \"web-1\"}}"), null, 0, 2, null,
                parse("{\"n\": {\"value_count\": {\"field\": \"status\"}}}"), null));
        assertThat(hits.total()).isEqualTo(3);
        assertThat(hits.hits()).hasSize(2);
        assertThat(hits.aggregations()).containsKey("n");
        assertThat(logs.search(SearchRequest.of(null, 0, 10)).aggregations()).isNull();
        assertThat(logs.search(new SearchRequest(null, null, 0, 0, null, Map.of(), null)).aggregations()).isNull();
        SearchHits counted = logs.search(new SearchRequest(null, null, 0, 0, null,
                parse("{\"n\": {\"value_count\": {\"field\": \"status\"}}}"), null));
        assertThat(counted.total()).isEqualTo(7);
        assertThat(counted.hits()).isEmpty();
    }

    @Test
    void refusesWhatElasticsearchRefuses() {
        assertThatThrownBy(() -> aggregate("{\"m\": {\"terms\": {\"field\": \"message\"}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageStartingWith("Text fields are not optimised for operations that require per-document "
                        + "field data like aggregations and sorting, so these operations are disabled by default. "
                        + "Please use a keyword field instead.");
        assertThatThrownBy(() -> aggregate("{\"m\": {\"avg\": {\"field\": \"host\"}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Field [host] of type [keyword] is not supported for aggregation [avg]");
        assertThatThrownBy(() -> aggregate("{\"m\": {\"median\": {\"field\": \"status\"}}}"))
                .isInstanceOfSatisfying(SearchException.class, e -> {
                    assertThat(e.type()).isEqualTo("parsing_exception");
                    assertThat(e.getMessage()).isEqualTo("Unknown aggregation type [median]");
                });
        assertThatThrownBy(() -> aggregate("{\"m\": {\"terms\": {\"field\": \"host\", \"colour\": 1}}}"))
                .isInstanceOfSatisfying(SearchException.class,
                        e -> assertThat(e.type()).isEqualTo("x_content_parse_exception"));
        assertThatThrownBy(() -> aggregate("{\"m\": {\"terms\": {\"field\": \"host\", \"order\": {\"nope\": \"asc\"}}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class);
        assertThatThrownBy(() -> aggregate("{\"m\": {\"avg\": {\"field\": \"status\"}, \"aggs\": {\"x\": {\"max\": "
                + "{\"field\": \"status\"}}}}}")).isInstanceOf(IllegalSearchArgumentException.class);
        assertThatThrownBy(() -> aggregate("{\"m\": {\"histogram\": {\"field\": \"status\", \"interval\": 0}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class);
    }

    @Test
    void refusesMoreBucketsThanSearchMaxBuckets() {
        assertThatThrownBy(() -> aggregate("""
                {"fine": {"histogram": {"field": "response_ms", "interval": 0.01,
                  "extended_bounds": {"min": 0, "max": 1000}}}}"""))
                .isInstanceOfSatisfying(TooManyBucketsException.class, e -> {
                    assertThat(e.type()).isEqualTo("too_many_buckets_exception");
                    assertThat(e.getMessage()).startsWith("Trying to create too many buckets. Must be less than or "
                            + "equal to: [65536] but was [65537].");
                    assertThat(e.orderedMetadata()).containsExactly(Map.entry("max_buckets", 65_536));
                });
        // the same interval over the few values present stays within the limit
        String sparse = aggregate("""
                {"fine": {"histogram": {"field": "response_ms", "interval": 0.01, "min_doc_count": 1}}}""");
        assertThat(JsonPath.<List<Object>>read(sparse, "$.fine.buckets")).hasSize(7);
    }
}
