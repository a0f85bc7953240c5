package dev.infraplatform.bench;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The search benchmark on the platform over its Elasticsearch REST API: an index ({@code bench}) with
 * one shard and an explicit mapping (title text, category keyword, price long, timestamp date,
 * Elasticsearch's default refresh every second, or the {@code refresh_interval} the environment's
 * {@code REFRESH_INTERVAL} gives, e.g. {@code -1} as Elasticsearch advises for bulk loads), {@code _bulk}
 * with one NDJSON request per batch,
 * {@code _search} with a {@code match} query or a {@code terms} aggregation. One keep-alive
 * {@link HttpConnection} per thread.
 */
final class RestSearchTarget implements SearchBenchmark.Target {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory STREAMING = new JsonFactory();

    private final String index;
    private final boolean explicitIds;
    private final String host;
    private final int port;
    private final List<HttpConnection> connections = new ArrayList<>();
    private final ThreadLocal<HttpConnection> connection = ThreadLocal.withInitial(this::connect);

    /** {@code explicitIds}: each document's number as its {@code _id}, else ids are generated. */
    RestSearchTarget(String baseUrl, String indexName, boolean explicitIds) {
        this.index = "/api/v1/search/" + indexName;
        this.explicitIds = explicitIds;
        URI base = URI.create(baseUrl);
        this.host = base.getHost();
        this.port = base.getPort();
    }

    private HttpConnection connect() {
        HttpConnection fresh = new HttpConnection(host, port);
        synchronized (connections) {
            connections.add(fresh);
        }
        return fresh;
    }

    @Override
    public void create() throws IOException {
        HttpConnection http = connection.get();
        http.exchange("DELETE", index, null); // a previous run's index, if any (404 otherwise)
        String refreshInterval = System.getenv("REFRESH_INTERVAL");
        String refresh = refreshInterval == null ? "" : ", \"refresh_interval\": \"" + refreshInterval + "\"";
        expect(http.exchange("PUT", index, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0%s},
                 "mappings": {"properties": {
                   "title": {"type": "text"}, "category": {"type": "keyword"},
                   "price": {"type": "long"}, "timestamp": {"type": "date"}}}}
                """.formatted(refresh).getBytes(StandardCharsets.UTF_8)), "create index");
    }

    @Override
    public void index(long from, long to) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) (to - from) * 160);
        for (long i = from; i < to; i++) {
            body.writeBytes((explicitIds ? "{\"index\":{\"_id\":\"" + i + "\"}}\n" : "{\"index\":{}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(SyntheticDocuments.document(i).json());
            body.write('\n');
        }
        HttpConnection.Response response = expect(connection.get().exchange("POST", index + "/_bulk",
                body.toByteArray()), "bulk");
        if (bulkHasErrors(response.body())) {
            throw new IllegalStateException("bulk item failures: "
                    + new String(response.body(), 0, Math.min(2000, response.body().length), StandardCharsets.UTF_8));
        }
    }

    /** The top-level {@code errors} flag, read without parsing the items. */
    private static boolean bulkHasErrors(byte[] body) {
        try (JsonParser parser = STREAMING.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return true;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("errors")) {
                    return value == JsonToken.VALUE_TRUE;
                }
                parser.skipChildren();
            }
            return true;
        }
    }

    @Override
    public void refresh() throws IOException {
        expect(connection.get().exchange("POST", index + "/_refresh", null), "refresh");
    }

    @Override
    public void drop() throws IOException {
        expect(connection.get().exchange("DELETE", index, null), "delete index");
    }

    @Override
    public long count() throws IOException {
        return JSON.readTree(expect(connection.get().exchange("GET", index + "/_count", null), "count").body())
                .path("count").asLong();
    }

    @Override
    public long query(String text) throws IOException {
        byte[] request = ("{\"query\":{\"match\":{\"title\":\"" + text + "\"}},\"size\":10}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = expect(connection.get().exchange("POST", index + "/_search", request), "search").body();
        long[] totalAndHits = totalAndHits(body);
        if (totalAndHits[1] != Math.min(10, totalAndHits[0])) {
            throw new IllegalStateException("a page of " + totalAndHits[1] + " hits for a total of " + totalAndHits[0]);
        }
        return totalAndHits[0];
    }

    /**
     * {@code hits.total.value} and the number of hits of a search answer, read with the streaming
     * parser (a load client sharing the machine should cost it little).
     */
    private static long[] totalAndHits(byte[] body) {
        long total = -1;
        long hits = 0;
        try (JsonParser parser = STREAMING.createParser(ObjectReadContext.empty(), body)) {
            parser.nextToken();
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                parser.nextToken();
                if (!name.equals("hits")) {
                    parser.skipChildren();
                    continue;
                }
                for (JsonToken inner = parser.nextToken(); inner == JsonToken.PROPERTY_NAME; inner = parser.nextToken()) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("total")) {
                        for (JsonToken t = parser.nextToken(); t == JsonToken.PROPERTY_NAME; t = parser.nextToken()) {
                            boolean value = parser.currentName().equals("value");
                            parser.nextToken();
                            if (value) {
                                total = parser.getLongValue();
                            }
                        }
                    } else if (field.equals("hits")) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            hits++;
                            parser.skipChildren();
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        return new long[] {total, hits};
    }

    @Override
    public String termsAggregation() throws IOException {
        byte[] request = "{\"size\":0,\"aggs\":{\"top\":{\"terms\":{\"field\":\"category\",\"size\":10}}}}"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode buckets = JSON.readTree(expect(connection.get().exchange("POST", index + "/_search", request),
                "aggregation").body()).path("aggregations").path("top").path("buckets");
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no buckets in the terms aggregation's answer");
        }
        List<String> rendered = new ArrayList<>();
        buckets.forEach(b -> rendered.add(b.path("key").asString() + ":" + b.path("doc_count").asLong()));
        return rendered.stream().collect(Collectors.joining(","));
    }

    private static HttpConnection.Response expect(HttpConnection.Response response, String what) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(what + ": HTTP " + response.status() + " "
                    + new String(response.body(), 0, Math.min(2000, response.body().length), StandardCharsets.UTF_8));
        }
        return response;
    }

    @Override
    public void close() {
        synchronized (connections) {
            connections.forEach(HttpConnection::close);
        }
    }
}
