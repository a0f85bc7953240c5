package dev.infraplatform.search.engine;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The field types beyond text, keyword, numbers, dates and booleans (ip, binary, half_float,
 * scaled_float, short, byte, date_nanos, geo_point, the range types) and the mapping parameters
 * (index, doc_values, store, null_value, copy_to, ignore_malformed, coerce, _source, dynamic
 * templates): how documents index, what queries, sorts and aggregations make of them, how the
 * mapping renders back, and the errors Elasticsearch gives.
 */
class FieldTypesTest extends LocalSearchTest {

    private static final JsonMapper JSON = new JsonMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return JSON.readValue(text, Map.class);
    }

    private SearchIndex create(String name, int shards, String mappings) {
        return search.engine().createIndex(name, IndexSettings.parse(Map.of("number_of_shards", shards)),
                Mapping.parse(json(mappings)));
    }

    private static void index(SearchIndex index, String id, String source) {
        index.index(id, null, source.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
    }

    private static List<String> ids(SearchIndex index, String query) {
        return ids(index, query, null);
    }

    private static List<String> ids(SearchIndex index, String query, Object sort) {
        SearchHits hits = index.search(SearchRequest.sorted(query == null ? null : json(query), sort, 0, 100));
        return hits.hits().stream().map(SearchHits.Hit::id).sorted(sort == null ? String::compareTo : (a, b) -> 0)
                .toList();
    }

    private static String aggregate(SearchIndex index, String aggs) {
        SearchHits hits = index.search(new SearchRequest(null, null, 0, 0, null, json(aggs), null));
        return JSON.writeValueAsString(hits.aggregations());
    }

    @Test
    void unsignedLongsCoverTheWholeRangeInQueriesSortsAndAggregations() {
        SearchIndex counters = create("counters", 2, """
                {"properties": {"n": {"type": "unsigned_long", "store": true}}}""");
        index(counters, "zero", "{\"n\": 0}");
        index(counters, "small", "{\"n\": 42}");
        index(counters, "big", "{\"n\": 10223372036854775807}");
        index(counters, "max", "{\"n\": 18446744073709551615}");
        index(counters, "text", "{\"n\": \"9223372036854775808\"}");
        index(counters, "decimal", "{\"n\": 7.9}");
        counters.refresh();

        assertThat(ids(counters, "{\"term\": {\"n\": 18446744073709551615}}")).containsExactly("max");
        assertThat(ids(counters, "{\"term\": {\"n\": \"7\"}}")).as("a decimal part is cut off").containsExactly("decimal");
        assertThat(ids(counters, "{\"terms\": {\"n\": [0, 42]}}")).containsExactly("small", "zero");
        assertThat(ids(counters, "{\"range\": {\"n\": {\"gt\": 9223372036854775807}}}"))
                .containsExactly("big", "max", "text");
        assertThat(ids(counters, "{\"range\": {\"n\": {\"gte\": -5, \"lt\": 42.5}}}"))
                .containsExactly("decimal", "small", "zero");
        assertThat(ids(counters, "{\"range\": {\"n\": {\"gt\": 18446744073709551615}}}")).isEmpty();

        SearchHits sorted = counters.search(SearchRequest.sorted(null, List.of(Map.of("n", "desc")), 0, 10));
        assertThat(sorted.hits()).extracting(SearchHits.Hit::id)
                .containsExactly("max", "big", "text", "small", "decimal", "zero");
        assertThat(sorted.hits().getFirst().sortValues())
                .containsExactly(new java.math.BigInteger("18446744073709551615"));
        assertThat(sorted.hits().getLast().sortValues()).containsExactly(0L);

        String terms = aggregate(counters, "{\"t\": {\"terms\": {\"field\": \"n\", \"size\": 2}}, "
                + "\"s\": {\"max\": {\"field\": \"n\"}}}");
        // unsigned keys above Long.MAX_VALUE print as the exact whole number
        assertThat(terms).contains("\"key\":0").contains("\"key\":7");
        assertThat(JsonPath.<Number>read(terms, "$.s.value").doubleValue()).isEqualTo(1.8446744073709552E19);
        String ordered = aggregate(counters, "{\"t\": {\"terms\": {\"field\": \"n\", \"order\": {\"_key\": \"desc\"},"
                + " \"size\": 1}}}");
        assertThat(ordered).contains("\"key\":18446744073709551615");

        GetResult stored = counters.get("max", null, List.of("n"));
        assertThat(stored.fields().get("n")).containsExactly(new java.math.BigInteger("18446744073709551615"));

        assertThatThrownBy(() -> index(counters, "neg", "{\"n\": -1}")).isInstanceOf(MapperParsingException.class)
                .hasMessageStartingWith("failed to parse field [n] of type [unsigned_long]");
        assertThatThrownBy(() -> index(counters, "huge", "{\"n\": 18446744073709551616}"))
                .isInstanceOf(MapperParsingException.class)
                .hasMessageStartingWith("failed to parse field [n] of type [unsigned_long]");
        assertThatThrownBy(() -> UnsignedLongs.parse(-1, true)).hasMessage("Value [-1] is out of range for an unsigned long");
        SearchIndex plain = create("plain-counters", 1, "{\"properties\": {\"n\": {\"type\": \"long\"}}}");
        index(plain, "p", "{\"n\": 5}");
        plain.refresh();
        assertThatThrownBy(() -> search.engine().search(List.of("counters", "plain-counters"),
                IndicesOptions.SEARCH_DEFAULTS, SearchRequest.sorted(null, "n", 0, 10)))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageStartingWith("Can't do sort across indices");
        assertThat(Mapping.parse(json("{\"properties\": {\"n\": {\"type\": \"unsigned_long\"}}}")).toMap())
                .isEqualTo(Map.of("properties", Map.of("n", Map.of("type", "unsigned_long"))));
    }

    @Test
    void ipFieldsMatchAddressesCidrAndRangesSortAndAggregateAsAddresses() {
        SearchIndex hosts = create("hosts", 2, "{\"properties\": {\"ip\": {\"type\": \"ip\"}}}");
        index(hosts, "1", "{\"ip\": \"192.168.1.1\"}");
        index(hosts, "2", "{\"ip\": \"192.168.2.10\"}");
        index(hosts, "3", "{\"ip\": \"::1\"}");
        index(hosts, "4", "{\"ip\": \"10.0.0.1\"}");
        index(hosts, "5", "{\"ip\": \"::1\"}");
        hosts.refresh();

        assertThat(ids(hosts, "{\"term\": {\"ip\": \"192.168.1.1\"}}")).containsExactly("1");
        assertThat(ids(hosts, "{\"term\": {\"ip\": \"0:0:0:0:0:0:0:1\"}}")).containsExactly("3", "5");
        assertThat(ids(hosts, "{\"term\": {\"ip\": \"192.168.0.0/16\"}}")).containsExactly("1", "2");
        assertThat(ids(hosts, "{\"terms\": {\"ip\": [\"10.0.0.1\", \"192.168.2.10\"]}}")).containsExactly("2", "4");
        assertThat(ids(hosts, "{\"range\": {\"ip\": {\"gt\": \"10.0.0.1\", \"lte\": \"192.168.2.10\"}}}"))
                .containsExactly("1", "2");
        List<String> byAddress = ids(hosts, null, List.of(Map.of("ip", "asc")));
        assertThat(byAddress.subList(0, 2)).containsExactlyInAnyOrder("3", "5");
        assertThat(byAddress.subList(2, 5)).containsExactly("4", "1", "2");

        String aggs = aggregate(hosts, "{\"ips\": {\"terms\": {\"field\": \"ip\"}}}");
        assertThat(JsonPath.<List<String>>read(aggs, "$.ips.buckets[*].key"))
                .containsExactly("::1", "10.0.0.1", "192.168.1.1", "192.168.2.10");
        assertThat(JsonPath.<List<Integer>>read(aggs, "$.ips.buckets[*].doc_count")).containsExactly(2, 1, 1, 1);
        assertThat(aggregate(hosts, "{\"ips\": {\"terms\": {\"field\": \"ip\", \"include\": [\"10.0.0.1\"]}}}"))
                .contains("\"key\":\"10.0.0.1\"").doesNotContain("192.168");

        assertThatThrownBy(() -> index(hosts, "6", "{\"ip\": \"not-an-ip\"}"))
                .isInstanceOf(MapperParsingException.class)
                .hasMessageContaining("failed to parse field [ip] of type [ip]");
        assertThatThrownBy(() -> index(hosts, "6", "{\"ip\": \"256.1.1.1\"}")).isInstanceOf(MapperParsingException.class);
        assertThatThrownBy(() -> ids(hosts, "{\"term\": {\"ip\": \"example.com\"}}"))
                .isInstanceOf(QueryParsingException.class);
    }

    @Test
    void binaryValuesStayInSourceOnlyAndAreNotSearchable() {
        SearchIndex files = create("files", 1, "{\"properties\": {\"blob\": {\"type\": \"binary\"},"
                + " \"dv\": {\"type\": \"binary\", \"doc_values\": true}}}");
        index(files, "1", "{\"blob\": \"YWJjZGUxMjM0\", \"dv\": \"YWJj\"}");
        index(files, "2", "{}");
        files.refresh();

        assertThat(ids(files, "{\"exists\": {\"field\": \"blob\"}}")).containsExactly("1");
        assertThat(ids(files, "{\"exists\": {\"field\": \"dv\"}}")).containsExactly("1");
        assertThat(new String(files.get("1", null).source(), StandardCharsets.UTF_8)).contains("YWJjZGUxMjM0");
        assertThatThrownBy(() -> ids(files, "{\"term\": {\"blob\": \"YWJjZGUxMjM0\"}}"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Binary fields do not support searching");
        assertThatThrownBy(() -> ids(files, null, List.of("blob"))).isInstanceOf(IllegalSearchArgumentException.class);
        assertThatThrownBy(() -> index(files, "3", "{\"blob\": \"not base64!\"}"))
                .isInstanceOf(MapperParsingException.class);
    }

    @Test
    void smallNumbersAreRangeCheckedAndRoundedAsElasticsearchStoresThem() {
        SearchIndex numbers = create("numbers", 2, "{\"properties\": {\"h\": {\"type\": \"half_float\"},"
                + " \"s\": {\"type\": \"scaled_float\", \"scaling_factor\": 100},"
                + " \"b\": {\"type\": \"byte\"}, \"sh\": {\"type\": \"short\"}}}");
        index(numbers, "1", "{\"h\": 1.0001, \"s\": 1.234, \"b\": 7, \"sh\": 300}");
        index(numbers, "2", "{\"h\": 2.5, \"s\": 9.999, \"b\": -3, \"sh\": -300}");
        numbers.refresh();

        assertThat(ids(numbers, "{\"term\": {\"h\": 1.0}}")).containsExactly("1");
        assertThat(ids(numbers, "{\"term\": {\"s\": 1.23}}")).containsExactly("1");
        assertThat(ids(numbers, "{\"range\": {\"b\": {\"lt\": 0}}}")).containsExactly("2");
        assertThat(ids(numbers, null, List.of(Map.of("sh", "desc")))).containsExactly("1", "2");
        String aggs = aggregate(numbers, "{\"h\": {\"max\": {\"field\": \"h\"}}, \"s\": {\"sum\": {\"field\": \"s\"}},"
                + " \"b\": {\"min\": {\"field\": \"b\"}}}");
        assertThat(JsonPath.<Double>read(aggs, "$.h.value")).isEqualTo(2.5);
        assertThat(JsonPath.<Double>read(aggs, "$.s.value")).isCloseTo(11.23, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(JsonPath.<Double>read(aggs, "$.b.value")).isEqualTo(-3.0);

        assertThatThrownBy(() -> index(numbers, "3", "{\"b\": 128}")).isInstanceOf(MapperParsingException.class)
                .hasMessageContaining("of type [byte]");
        assertThatThrownBy(() -> index(numbers, "3", "{\"sh\": 40000}")).isInstanceOf(MapperParsingException.class);
        assertThatThrownBy(() -> index(numbers, "3", "{\"h\": 1e10}")).isInstanceOf(MapperParsingException.class);
        assertThatThrownBy(() -> Mapping.parse(json("{\"properties\": {\"s\": {\"type\": \"scaled_float\"}}}")))
                .isInstanceOf(MapperParsingException.class).hasMessageContaining("scaling_factor");
    }

    @Test
    void namedDateFormatsAndDateNanosAtMillisecondPrecision() {
        assertThat(DateFormat.of("strict_date").toEpochMillis("2024-03-01"))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
        assertThat(DateFormat.of("basic_date").toEpochMillis("20240301"))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
        assertThat(DateFormat.of("strict_date_time").toEpochMillis("2024-03-01T10:20:30.123+01:00"))
                .isEqualTo(Instant.parse("2024-03-01T09:20:30.123Z").toEpochMilli());
        assertThat(DateFormat.of("date_hour_minute_second").toEpochMillis("2024-03-01T10:20:30"))
                .isEqualTo(Instant.parse("2024-03-01T10:20:30Z").toEpochMilli());
        assertThat(DateFormat.of("strict_date||epoch_second").toEpochMillis(1700000000))
                .isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> DateFormat.of("strict_date").toEpochMillis("2024-03-01T10:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateFormat.of("no_such_format")).isInstanceOf(MapperParsingException.class);

        SearchIndex events = create("events", 1, "{\"properties\": {\"at\": {\"type\": \"date_nanos\"},"
                + " \"day\": {\"type\": \"date\", \"format\": \"strict_date\"}}}");
        index(events, "1", "{\"at\": \"2024-03-01T10:00:00.123456789Z\", \"day\": \"2024-03-01\"}");
        index(events, "2", "{\"at\": \"2024-03-02T10:00:00Z\", \"day\": \"2024-03-02\"}");
        events.refresh();
        assertThat(ids(events, "{\"range\": {\"at\": {\"lt\": \"2024-03-01T10:00:00.124Z\"}}}")).containsExactly("1");
        assertThat(ids(events, "{\"term\": {\"day\": \"2024-03-02\"}}")).containsExactly("2");
        assertThat(ids(events, null, List.of(Map.of("at", "desc")))).containsExactly("2", "1");
        assertThat(aggregate(events, "{\"d\": {\"date_histogram\": {\"field\": \"day\", \"calendar_interval\": \"day\"}}}"))
                .contains("\"key_as_string\":\"2024-03-01\"");

        SearchIndex seconds = create("seconds", 1,
                "{\"properties\": {\"at\": {\"type\": \"date\", \"format\": \"epoch_second\"}}}");
        index(seconds, "1", "{\"at\": 1000}");
        index(seconds, "2", "{\"at\": 3000}");
        seconds.refresh();
        String ranges = aggregate(seconds,
                "{\"r\": {\"date_range\": {\"field\": \"at\", \"ranges\": [{\"from\": 1000, \"to\": 3000}]}}}");
        assertThat(JsonPath.<Integer>read(ranges, "$.r.buckets[0].doc_count")).isEqualTo(1);
        assertThat(JsonPath.<Object>read(ranges, "$.r.buckets[0].from")).isEqualTo(1_000_000.0);
    }

    @Test
    void mappingParametersRenderBackAndSurviveARoundTrip() {
        String mappings = "{\"dynamic\": \"strict\", \"_source\": {\"enabled\": false},"
                + " \"dynamic_templates\": [{\"strings\": {\"match_mapping_type\": \"string\","
                + " \"mapping\": {\"type\": \"keyword\"}}}],"
                + " \"properties\": {"
                + "\"a\": {\"type\": \"keyword\", \"store\": true, \"index\": false, \"null_value\": \"NULL\","
                + " \"copy_to\": \"all\"},"
                + "\"n\": {\"type\": \"long\", \"doc_values\": false, \"ignore_malformed\": true, \"coerce\": false},"
                + "\"s\": {\"type\": \"scaled_float\", \"scaling_factor\": 10.0},"
                + "\"all\": {\"type\": \"text\"}}}";
        Mapping mapping = Mapping.parse(json(mappings));
        assertThat(mapping.toMap()).isEqualTo(json(mappings.replace("\"copy_to\": \"all\"", "\"copy_to\": [\"all\"]")));
        assertThat(Mapping.parse(mapping.toMap())).isEqualTo(mapping);
        assertThat(mapping.sourceEnabled()).isFalse();

        assertThatThrownBy(() -> Mapping.parse(json("{\"properties\": {\"t\": {\"type\": \"text\", \"doc_values\": false}}}")))
                .isInstanceOf(MapperParsingException.class).hasMessageContaining("unknown parameter [doc_values]");
        assertThatThrownBy(() -> Mapping.parse(json("{\"properties\": {\"k\": {\"type\": \"keyword\", \"index\": \"maybe\"}}}")))
                .isInstanceOf(MapperParsingException.class);
        assertThatThrownBy(() -> Mapping.parse(json("{\"_source\": {\"enabled\": false, \"x\": 1}}")))
                .isInstanceOf(MapperParsingException.class);
    }

    @Test
    void unindexedAndNoDocValuesFieldsRefuseWhatTheyCannotDo() {
        SearchIndex docs = create("docs", 1, "{\"properties\": {\"hidden\": {\"type\": \"keyword\", \"index\": false},"
                + " \"nodv\": {\"type\": \"long\", \"doc_values\": false}}}");
        index(docs, "1", "{\"hidden\": \"x\", \"nodv\": 5}");
        index(docs, "2", "{\"nodv\": 7}");
        docs.refresh();

        assertThatThrownBy(() -> ids(docs, "{\"term\": {\"hidden\": \"x\"}}"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Cannot search on field [hidden] since it is not indexed.");
        assertThat(ids(docs, null, List.of("hidden"))).hasSize(2);
        assertThat(ids(docs, "{\"range\": {\"nodv\": {\"gte\": 6}}}")).containsExactly("2");
        assertThat(ids(docs, "{\"exists\": {\"field\": \"nodv\"}}")).containsExactly("1", "2");
        assertThatThrownBy(() -> ids(docs, null, List.of("nodv")))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageContaining("Can't load fielddata on [nodv]");
        assertThatThrownBy(() -> aggregate(docs, "{\"m\": {\"max\": {\"field\": \"nodv\"}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class);
    }

    @Test
    void nullValueCopyToIgnoreMalformedAndCoerce() {
        SearchIndex people = create("people", 1, "{\"properties\": {"
                + "\"status\": {\"type\": \"keyword\", \"null_value\": \"NONE\"},"
                + "\"first\": {\"type\": \"text\", \"copy_to\": \"full\"}, \"last\": {\"type\": \"text\", \"copy_to\": \"full\"},"
                + "\"full\": {\"type\": \"text\"},"
                + "\"age\": {\"type\": \"integer\", \"ignore_malformed\": true},"
                + "\"strict\": {\"type\": \"integer\", \"coerce\": false}}}");
        index(people, "1", "{\"status\": null, \"first\": \"Ada\", \"last\": \"Lovelace\", \"age\": \"old\"}");
        index(people, "2", "{\"status\": \"ok\", \"first\": \"Alan\", \"last\": \"Turing\", \"age\": 41}");
        people.refresh();

        assertThat(ids(people, "{\"term\": {\"status\": \"NONE\"}}")).containsExactly("1");
        assertThat(ids(people, "{\"match\": {\"full\": {\"query\": \"ada lovelace\", \"operator\": \"and\"}}}"))
                .containsExactly("1");
        assertThat(ids(people, "{\"exists\": {\"field\": \"age\"}}")).containsExactly("2");
        assertThatThrownBy(() -> index(people, "3", "{\"strict\": \"5\"}")).isInstanceOf(MapperParsingException.class);
        index(people, "3", "{\"strict\": 5}");
    }

    @Test
    void dynamicTemplatesMapNewFieldsByNameTypeAndPath() {
        SearchIndex logs = create("logs", 1, "{\"dynamic_templates\": ["
                + "{\"ids\": {\"match\": \"*_id\", \"unmatch\": \"skip_*\", \"mapping\": {\"type\": \"keyword\"}}},"
                + "{\"longs_as_ints\": {\"match_mapping_type\": \"long\", \"mapping\": {\"type\": \"integer\"}}},"
                + "{\"labels\": {\"path_match\": \"labels.*\", \"mapping\": {\"type\": \"{dynamic_type}\","
                + " \"index\": false}}},"
                + "{\"strings\": {\"match_mapping_type\": \"string\", \"mapping\": {\"type\": \"text\","
                + " \"analyzer\": \"whitespace\", \"fields\": {\"raw\": {\"type\": \"keyword\"}}}}}]}");
        index(logs, "1", "{\"user_id\": \"U-1\", \"skip_id\": \"S 1\", \"count\": 3, \"labels\": {\"env\": \"prod\"},"
                + " \"note\": \"Hello World\"}");
        logs.refresh();

        Map<String, Object> properties = castMap(logs.mapping().toMap().get("properties"));
        assertThat(properties.get("user_id")).isEqualTo(Map.of("type", "keyword"));
        assertThat(castMap(properties.get("skip_id")).get("analyzer")).isEqualTo("whitespace");
        assertThat(properties.get("count")).isEqualTo(Map.of("type", "integer"));
        assertThat(castMap(properties.get("labels")).get("properties"))
                .isEqualTo(Map.of("env", Map.of("type", "text", "index", false)));
        assertThat(ids(logs, "{\"term\": {\"note\": \"Hello\"}}")).containsExactly("1");
        assertThat(ids(logs, "{\"term\": {\"note.raw\": \"Hello World\"}}")).containsExactly("1");

        SearchIndex strict = create("strict", 1, "{\"dynamic\": \"strict_allow_templates\", \"dynamic_templates\": ["
                + "{\"ids\": {\"match\": \"*_id\", \"mapping\": {\"type\": \"keyword\"}}}]}");
        index(strict, "1", "{\"a_id\": \"x\"}");
        assertThatThrownBy(() -> index(strict, "2", "{\"other\": \"x\"}"))
                .isInstanceOf(StrictDynamicMappingException.class);
        assertThatThrownBy(() -> Mapping.parse(json("{\"dynamic_templates\": [{\"t\": {\"match\": \"*\"}}]}")))
                .isInstanceOf(MapperParsingException.class);
    }

    @Test
    void rangeFieldsAnswerIntersectsWithinAndContains() {
        SearchIndex ranges = create("ranges", 2, "{\"properties\": {\"ages\": {\"type\": \"integer_range\"},"
                + " \"span\": {\"type\": \"date_range\", \"format\": \"strict_date\"}, \"d\": {\"type\": \"double_range\"}}}");
        index(ranges, "1", "{\"ages\": {\"gte\": 10, \"lte\": 20}, \"span\": {\"gte\": \"2024-01-01\", \"lt\": \"2024-02-01\"},"
                + " \"d\": {\"gt\": 0.5, \"lt\": 1.5}}");
        index(ranges, "2", "{\"ages\": {\"gte\": 15, \"lt\": 40}, \"span\": {\"gte\": \"2024-03-01\"}}");
        ranges.refresh();

        assertThat(ids(ranges, "{\"term\": {\"ages\": 12}}")).containsExactly("1");
        assertThat(ids(ranges, "{\"range\": {\"ages\": {\"gte\": 18, \"lte\": 19}}}")).containsExactly("1", "2");
        assertThat(ids(ranges, "{\"range\": {\"ages\": {\"gte\": 0, \"lte\": 30, \"relation\": \"within\"}}}"))
                .containsExactly("1");
        assertThat(ids(ranges, "{\"range\": {\"ages\": {\"gte\": 16, \"lte\": 30, \"relation\": \"contains\"}}}"))
                .containsExactly("2");
        assertThat(ids(ranges, "{\"range\": {\"span\": {\"gte\": \"2024-01-31\", \"lte\": \"2024-02-15\"}}}"))
                .containsExactly("1");
        assertThat(ids(ranges, "{\"range\": {\"span\": {\"gte\": \"2030-01-01\"}}}")).containsExactly("2");
        assertThat(ids(ranges, "{\"term\": {\"d\": 1.5}}")).isEmpty();
        assertThat(ids(ranges, "{\"exists\": {\"field\": \"d\"}}")).containsExactly("1");
        assertThatThrownBy(() -> index(ranges, "3", "{\"ages\": {\"gte\": 5, \"lte\": 1}}"))
                .isInstanceOf(MapperParsingException.class);
        assertThatThrownBy(() -> index(ranges, "3", "{\"ages\": 5}")).isInstanceOf(MapperParsingException.class);
    }

    @Test
    void geoPointsIndexInEveryFormAndAnswerExists() {
        SearchIndex places = create("places", 1, "{\"properties\": {\"loc\": {\"type\": \"geo_point\"}}}");
        index(places, "1", "{\"loc\": [0.0, 20.0]}");
        index(places, "2", "{\"loc\": {\"lat\": 41.1, \"lon\": -71.3}}");
        index(places, "3", "{\"loc\": \"41.1,-71.3\"}");
        index(places, "4", "{}");
        places.refresh();
        assertThat(ids(places, "{\"exists\": {\"field\": \"loc\"}}")).containsExactly("1", "2", "3");
        assertThatThrownBy(() -> index(places, "5", "{\"loc\": {\"lat\": 100, \"lon\": 0}}"))
                .isInstanceOf(MapperParsingException.class);
    }

    @Test
    void aFieldOfDifferentNumberTypesInSeveralIndexesSortsByValue() {
        SearchIndex longs = create("counts_long", 1, "{\"properties\": {\"counter\": {\"type\": \"long\"}}}");
        SearchIndex halves = create("counts_half", 1, "{\"properties\": {\"counter\": {\"type\": \"half_float\"}}}");
        index(longs, "a", "{\"counter\": 3}");
        index(longs, "b", "{\"counter\": 1}");
        index(halves, "c", "{\"counter\": 2.5}");
        longs.refresh();
        halves.refresh();
        SearchHits hits = search.engine().search(List.of("counts_*"), IndicesOptions.SEARCH_DEFAULTS,
                SearchRequest.sorted(null, List.of(Map.of("counter", "desc")), 0, 10));
        assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactly("a", "c", "b");
        assertThat(hits.hits().get(1).sortValues()).extracting(v -> ((Number) v).doubleValue()).containsExactly(2.5);
    }

    @Test
    void existsOnMetadataFieldsAndIpIncludeExcludeRegexIsRefused() {
        SearchIndex hosts = create("meta", 2, "{\"properties\": {\"ip\": {\"type\": \"ip\"}}}");
        index(hosts, "1", "{\"ip\": \"127.0.0.1\"}");
        hosts.index("2", "r1", "{}".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
        hosts.refresh();
        assertThat(ids(hosts, "{\"exists\": {\"field\": \"_id\"}}")).containsExactly("1", "2");
        assertThat(ids(hosts, "{\"exists\": {\"field\": \"_routing\"}}")).containsExactly("2");
        assertThatThrownBy(() -> ids(hosts, "{\"exists\": {\"field\": \"_source\"}}"))
                .isInstanceOf(QueryShardException.class);
        assertThat(aggregate(hosts, "{\"c\": {\"cardinality\": {\"field\": \"nothing\", \"missing\": \"foo\"}}}"))
                .contains("\"value\":1");
        assertThatThrownBy(() -> aggregate(hosts, "{\"t\": {\"terms\": {\"field\": \"ip\", \"exclude\": \"127.*\"}}}"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageContaining("cannot support regular expression style include/exclude");
    }

    @Test
    void anIndexWithoutSourceAnswersHitsAndGetsWithoutItAndRefusesUpdates() {
        SearchIndex bare = create("bare", 1, "{\"_source\": {\"enabled\": false},"
                + " \"properties\": {\"foo\": {\"type\": \"keyword\"}}}");
        index(bare, "1", "{\"foo\": \"bar\"}");
        assertThat(bare.get("1", null).found()).isTrue();
        assertThat(bare.get("1", null).source()).isNull();
        bare.refresh();
        SearchHits hits = bare.search(SearchRequest.of(json("{\"term\": {\"foo\": \"bar\"}}"), 0, 10));
        assertThat(hits.hits()).singleElement().satisfies(hit -> assertThat(hit.source()).isNull());
        assertThatThrownBy(() -> bare.update("1", null, Map.of("foo", "baz"), null, false, true, WriteCondition.NONE,
                RefreshPolicy.NONE, 0))
                .isInstanceOf(DocumentSourceMissingException.class)
                .hasMessage("[1]: document source missing");
        assertThat(bare.mapping().toMap().get("_source")).isEqualTo(Map.of("enabled", false));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
