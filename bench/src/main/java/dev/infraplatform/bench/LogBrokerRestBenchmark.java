package dev.infraplatform.bench;

import org.HdrHistogram.Histogram;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load client of the log broker (bench/logbroker-rest.sh, bench/README.md "Log broker over
 * REST vs Kafka"). A plain main class, not JMH: one timed pass over N records per phase, like
 * Kafka's ProducerPerformance and ConsumerPerformance it is compared with.
 *
 * <pre>
 * LogBrokerRestBenchmark baseUrl topic records batchSize valueSize concurrency
 *                        [--phase=produce|fetch|both] [--max-records=5000] [--bodies=8] [--fetch-passes=1]
 * e.g. http://127.0.0.1:8392 bench 2000000 1000 100 4
 * </pre>
 *
 * <ul>
 * <li><b>produce</b>: {@code concurrency} threads send {@code POST {base}/api/v1/topics/{topic}/records}
 *   with {@code {"acks":1,"records":[{"value":"…"}, …]}} ({@code batchSize} records without key,
 *   values of {@code valueSize} ASCII characters), until {@code records} records are sent. The
 *   bodies are built once ({@code --bodies} distinct ones, cycled). Each answer must be 200 with
 *   {@code {"offsets":[…]}} holding one entry per record.</li>
 * <li><b>fetch</b>: {@code GET {base}/api/v1/topics/{topic}} gives each partition's
 *   {@code startOffset} and {@code endOffset}; up to {@code concurrency} threads (one per partition
 *   at a time) read every partition sequentially with
 *   {@code GET …/partitions/{p}/records?offset=O&maxRecords=M}, continuing at {@code nextOffset}
 *   (or the last record's offset + 1) until {@code endOffset}. Records are counted with Jackson's
 *   streaming parser, no objects are built.</li>
 * </ul>
 *
 * Per phase: wall time from the first request to the last answer, records/s, MB/s (10^6 bytes of
 * record values: records × valueSize), and request latency p50/p99/max (send until the whole
 * answer is read). The last line of each phase is machine-readable:
 * {@code RESULT phase records records/s MB/s p50-ms p99-ms}. The first failing answer is printed
 * (status and body) and the process exits with status 1.
 */
public final class LogBrokerRestBenchmark {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Highest latency the histograms track: an hour, in microseconds. */
    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final URI base;
    private final String topic;
    private final long records;
    private final int batchSize;
    private final int valueSize;
    private final int concurrency;
    private final int maxRecords;
    private final int bodies;
    private final HttpClient http;
    private final AtomicBoolean failed = new AtomicBoolean();

    private LogBrokerRestBenchmark(URI base, String topic, long records, int batchSize, int valueSize,
                                   int concurrency, int maxRecords, int bodies) {
        this.base = base;
        this.topic = topic;
        this.records = records;
        this.batchSize = batchSize;
        this.valueSize = valueSize;
        this.concurrency = concurrency;
        this.maxRecords = maxRecords;
        this.bodies = bodies;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String phase = "both";
        int maxRecords = 5000;
        int bodies = 8;
        int fetchPasses = 1;
        for (String arg : args) {
            if (arg.startsWith("--phase=")) {
                phase = arg.substring("--phase=".length());
            } else if (arg.startsWith("--max-records=")) {
                maxRecords = Integer.parseInt(arg.substring("--max-records=".length()));
            } else if (arg.startsWith("--fetch-passes=")) {
                fetchPasses = Integer.parseInt(arg.substring("--fetch-passes=".length()));
            } else if (arg.startsWith("--bodies=")) {
                bodies = Integer.parseInt(arg.substring("--bodies=".length()));
            } else if (arg.startsWith("--")) {
                usage("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() > 6 || !List.of("produce", "fetch", "both").contains(phase)) {
            usage(null);
        }
        String baseUrl = positional.size() > 0 ? positional.get(0) : "http://127.0.0.1:8392";
        String topic = positional.size() > 1 ? positional.get(1) : "bench";
        long records = positional.size() > 2 ? Long.parseLong(positional.get(2).replace("_", "")) : 2_000_000;
        int batchSize = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 1000;
        int valueSize = positional.size() > 4 ? Integer.parseInt(positional.get(4)) : 100;
        int concurrency = positional.size() > 5 ? Integer.parseInt(positional.get(5)) : 4;
        if (records < 1 || batchSize < 1 || valueSize < 0 || concurrency < 1 || maxRecords < 1 || bodies < 1
                || fetchPasses < 1) {
            usage("records, batch size, concurrency, --max-records and --bodies must be positive");
        }

        LogBrokerRestBenchmark bench = new LogBrokerRestBenchmark(URI.create(baseUrl.replaceAll("/+$", "")), topic,
                records, batchSize, valueSize, concurrency, maxRecords, bodies);
        System.out.printf("%s topic %s: %,d records, batches of %,d, values of %d B, %d concurrent requests, "
                + "fetches of up to %,d records%n", baseUrl, topic, records, batchSize, valueSize, concurrency, maxRecords);
        boolean ok = true;
        if (!phase.equals("fetch")) {
            ok = bench.produce();
        }
        // Every pass reads everything; only the last one's RESULT line counts (earlier passes warm up).
        for (int pass = 1; ok && !phase.equals("produce") && pass <= fetchPasses; pass++) {
            if (fetchPasses > 1) {
                System.out.printf("fetch pass %d of %d%s%n", pass, fetchPasses, pass < fetchPasses ? " (warm-up)" : "");
            }
            ok = bench.fetch();
        }
        System.exit(ok ? 0 : 1);
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: LogBrokerRestBenchmark [baseUrl [topic [records [batchSize [valueSize [concurrency]]]]]]"
                + " [--phase=produce|fetch|both] [--max-records=5000] [--bodies=8] [--fetch-passes=1]");
        System.exit(2);
    }

    // ---------------------------------------------------------------- produce

    private boolean produce() throws InterruptedException {
        long requests = (records + batchSize - 1) / batchSize;
        int lastBatch = (int) (records - (requests - 1) * batchSize);
        byte[][] full = new byte[(int) Math.min(bodies, requests)][];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < full.length; i++) {
            full[i] = produceBody(batchSize, random);
        }
        byte[] last = lastBatch == batchSize ? full[(int) ((requests - 1) % full.length)] : produceBody(lastBatch, random);
        URI uri = base.resolve("/api/v1/topics/" + encode(topic) + "/records");
        System.out.printf("produce: %,d requests of %,d bytes to %s%n", requests, full[0].length, uri);

        AtomicLong next = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Histogram histogram = newHistogram();
            histograms.add(histogram);
            threads.add(Thread.ofPlatform().name("produce-" + t).start(() -> {
                long i;
                while (!failed.get() && (i = next.getAndIncrement()) < requests) {
                    boolean isLast = i == requests - 1;
                    byte[] body = isLast ? last : full[(int) (i % full.length)];
                    int expected = isLast ? lastBatch : batchSize;
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response == null) {
                        return;
                    }
                    long micros = (System.nanoTime() - sent) / 1000;
                    if (response.statusCode() != 200) {
                        fail("POST " + uri, response.statusCode(), response.body(), null);
                        return;
                    }
                    int offsets;
                    try {
                        offsets = countOffsets(response.body());
                    } catch (JacksonException | IllegalStateException e) {
                        fail("POST " + uri, response.statusCode(), response.body(), e.getMessage());
                        return;
                    }
                    if (offsets != expected) {
                        fail("POST " + uri, response.statusCode(), response.body(),
                                "expected " + expected + " offsets, got " + offsets);
                        return;
                    }
                    histogram.recordValue(micros);
                    acknowledged.addAndGet(offsets);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        if (failed.get()) {
            return false;
        }
        report("produce", acknowledged.get(), elapsed, merge(histograms));
        return true;
    }

    /** {@code {"acks":1,"records":[{"value":"…"},…]}} with {@code count} distinct random ASCII values. */
    private byte[] produceBody(int count, SplittableRandom random) {
        StringBuilder json = new StringBuilder(32 + count * (valueSize + 14));
        json.append("{\"acks\":1,\"records\":[");
        for (int r = 0; r < count; r++) {
            json.append(r == 0 ? "{\"value\":\"" : ",{\"value\":\"");
            for (int c = 0; c < valueSize; c++) {
                json.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            json.append("\"}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The number of entries of the answer's {@code offsets} array. */
    private static int countOffsets(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            int count = -1;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("offsets") && value == JsonToken.START_ARRAY) {
                    count = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        count++;
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (count < 0) {
                throw new IllegalStateException("no \"offsets\" array in the answer");
            }
            return count;
        }
    }

    // ---------------------------------------------------------------- fetch

    private record PartitionRange(int partition, long startOffset, long endOffset) {
    }

    private boolean fetch() throws InterruptedException {
        URI topicUri = base.resolve("/api/v1/topics/" + encode(topic));
        HttpResponse<byte[]> described = send(HttpRequest.newBuilder(topicUri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (described == null) {
            return false;
        }
        if (described.statusCode() != 200) {
            fail("GET " + topicUri, described.statusCode(), described.body(), null);
            return false;
        }
        List<PartitionRange> partitions;
        try {
            partitions = partitions(described.body());
        } catch (JacksonException | IllegalStateException e) {
            fail("GET " + topicUri, described.statusCode(), described.body(), e.getMessage());
            return false;
        }
        long expected = partitions.stream().mapToLong(p -> p.endOffset() - p.startOffset()).sum();
        System.out.printf("fetch: %,d records in %d partitions %s%n", expected, partitions.size(), partitions);
        if (expected == 0) {
            fail("GET " + topicUri, described.statusCode(), described.body(), "the topic holds no records to fetch");
            return false;
        }

        ConcurrentLinkedQueue<PartitionRange> queue = new ConcurrentLinkedQueue<>(partitions);
        AtomicLong fetched = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < Math.min(concurrency, partitions.size()); t++) {
            Histogram histogram = newHistogram();
            histograms.add(histogram);
            threads.add(Thread.ofPlatform().name("fetch-" + t).start(() -> {
                PartitionRange range;
                while (!failed.get() && (range = queue.poll()) != null) {
                    if (!readPartition(range, histogram, fetched, requests)) {
                        return;
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        if (failed.get()) {
            return false;
        }
        if (fetched.get() != expected) {
            System.err.printf("fetch: read %,d records, the topic's offsets say %,d%n", fetched.get(), expected);
            return false;
        }
        System.out.printf("fetch: %,d requests%n", requests.get());
        report("fetch", fetched.get(), elapsed, merge(histograms));
        return true;
    }

    private boolean readPartition(PartitionRange range, Histogram histogram, AtomicLong fetched, AtomicLong requests) {
        String path = "/api/v1/topics/" + encode(topic) + "/partitions/" + range.partition() + "/records";
        long offset = range.startOffset();
        while (offset < range.endOffset() && !failed.get()) {
            URI uri = base.resolve(path + "?offset=" + offset + "&maxRecords=" + maxRecords);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json").GET().build();
            long sent = System.nanoTime();
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response == null) {
                return false;
            }
            FetchPage page;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    fail("GET " + uri, response.statusCode(), body.readAllBytes(), null);
                    return false;
                }
                page = readPage(body);
            } catch (IOException | JacksonException | IllegalStateException e) {
                fail("GET " + uri, response.statusCode(), null, "unreadable answer: " + e.getMessage());
                return false;
            }
            histogram.recordValue((System.nanoTime() - sent) / 1000);
            requests.incrementAndGet();
            long next = page.nextOffset() >= 0 ? page.nextOffset()
                    : page.records() > 0 ? page.lastOffset() + 1 : -1;
            if (page.records() == 0 && next <= offset) {
                fail("GET " + uri, 200, null, "no records and no progress at offset " + offset + " (highWatermark "
                        + page.highWatermark() + ", nextOffset " + page.nextOffset() + "), endOffset " + range.endOffset());
                return false;
            }
            if (next <= offset) {
                fail("GET " + uri, 200, null, "nextOffset " + next + " does not advance past " + offset);
                return false;
            }
            fetched.addAndGet(page.records());
            offset = next;
        }
        return true;
    }

    private record FetchPage(int records, long lastOffset, long nextOffset, long highWatermark) {
    }

    /**
     * Counts {@code records} and reads {@code nextOffset}, {@code highWatermark} and the last
     * record's {@code offset}; keys, values, headers and timestamps are skipped by the tokenizer.
     */
    private static FetchPage readPage(InputStream body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            int count = 0;
            long lastOffset = -1;
            long nextOffset = -1;
            long highWatermark = -1;
            boolean sawRecords = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "records" -> {
                        expect(value, JsonToken.START_ARRAY);
                        sawRecords = true;
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            count++;
                            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                                boolean isOffset = parser.currentName().equals("offset");
                                JsonToken field = parser.nextToken();
                                if (isOffset && field == JsonToken.VALUE_NUMBER_INT) {
                                    lastOffset = parser.getLongValue();
                                } else {
                                    parser.skipChildren();
                                }
                            }
                        }
                    }
                    case "nextOffset" -> nextOffset = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "highWatermark" -> highWatermark = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    default -> parser.skipChildren();
                }
            }
            if (!sawRecords) {
                throw new IllegalStateException("no \"records\" array in the answer");
            }
            return new FetchPage(count, lastOffset, nextOffset, highWatermark);
        }
    }

    /** {@code partitions: [{partition, startOffset, endOffset, …}]} of the topic's description. */
    private static List<PartitionRange> partitions(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            List<PartitionRange> partitions = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("partitions") && value == JsonToken.START_ARRAY) {
                    partitions = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        int partition = -1;
                        long start = -1;
                        long end = -1;
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String field = parser.currentName();
                            JsonToken token = parser.nextToken();
                            if (token != JsonToken.VALUE_NUMBER_INT) {
                                parser.skipChildren();
                                continue;
                            }
                            switch (field) {
                                case "partition" -> partition = parser.getIntValue();
                                case "startOffset" -> start = parser.getLongValue();
                                case "endOffset" -> end = parser.getLongValue();
                                default -> {
                                }
                            }
                        }
                        if (partition < 0 || start < 0 || end < start) {
                            throw new IllegalStateException("a partition without partition/startOffset/endOffset");
                        }
                        partitions.add(new PartitionRange(partition, start, end));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("no \"partitions\" in the topic's description");
            }
            return partitions;
        }
    }

    // ---------------------------------------------------------------- common

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            fail(request.method() + " " + request.uri(), -1, null, e + (e.getCause() != null && e.getCause().getMessage() != null ? " (" + e.getCause().getMessage() + ")" : "")
                    + (e instanceof ConnectException ? ": is the server up at " + base + "?" : ""));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(request.method() + " " + request.uri(), -1, null, "interrupted");
            return null;
        }
    }

    /** Prints the first failure only; the other workers stop at their next request. */
    private void fail(String what, int status, byte[] body, String problem) {
        if (!failed.compareAndSet(false, true)) {
            return;
        }
        StringBuilder message = new StringBuilder("FAILED ").append(what);
        if (status >= 0) {
            message.append("\n  HTTP ").append(status);
        }
        if (problem != null) {
            message.append("\n  ").append(problem);
        }
        if (body != null) {
            String text = new String(body, StandardCharsets.UTF_8);
            message.append("\n  body: ").append(text.length() > 2000 ? text.substring(0, 2000) + " …" : text);
        }
        System.err.println(message);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + ", found " + actual);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Histogram newHistogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    private static Histogram merge(List<Histogram> histograms) {
        Histogram all = newHistogram();
        histograms.forEach(all::add);
        return all;
    }

    private void report(String phase, long count, long elapsedNanos, Histogram latency) {
        double seconds = elapsedNanos / 1e9;
        double perSecond = count / seconds;
        double megabytes = perSecond * valueSize / 1e6;
        double p50 = latency.getValueAtPercentile(50) / 1000.0;
        double p99 = latency.getValueAtPercentile(99) / 1000.0;
        double max = latency.getMaxValue() / 1000.0;
        System.out.printf("%s: %,d records in %.2f s: %,.0f records/s, %.2f MB/s; request latency p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms (%,d requests)%n", phase, count, seconds, perSecond, megabytes, p50, p99, max,
                latency.getTotalCount());
        System.out.printf(Locale.ROOT, "RESULT %s %d %.0f %.2f %.1f %.1f%n", phase, count, perSecond, megabytes, p50, p99);
    }
}
