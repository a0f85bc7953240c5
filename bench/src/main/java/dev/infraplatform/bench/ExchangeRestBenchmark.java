package dev.infraplatform.bench;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load client of the exchange broker (bench/exchange-rest.sh, bench/README.md "Exchange
 * broker over REST vs RabbitMQ"). A plain main class, not JMH: one timed run per mode, like
 * RabbitMQ's PerfTest it is compared with.
 *
 * <pre>
 * ExchangeRestBenchmark baseUrl mode seconds payloadSize concurrency prefetch [--warmup=10]
 *   mode: direct     direct exchange bench.direct, 1 queue, 1 consumer, transient messages
 *         fanout     fanout exchange bench.fanout bound to 3 queues, 1 consumer each
 *         persistent as direct, but a durable exchange and queue, and messages with deliveryMode 2
 * e.g. http://127.0.0.1:8393 direct 20 100 4 100
 * </pre>
 *
 * <ul>
 * <li>Setup: {@code PUT /api/v1/exchanges/bench.{mode}}, queues {@code bench.{mode}.q} (fanout:
 *   {@code bench.fanout.q-1…3}), each bound with routing key {@code bench}; {@code durable} only in
 *   persistent mode. One consumer per queue with {@code prefetch}.</li>
 * <li>Producer: {@code concurrency} threads, each with one publish request in flight
 *   ({@code POST /api/v1/exchanges/bench.{mode}/messages},
 *   {@code {"routingKey":"bench","payload":"…"}}, {@code payloadSize} ASCII characters, plus
 *   {@code "properties":{"deliveryMode":2}} in persistent mode), so at most {@code concurrency}
 *   unconfirmed publishes, as PerfTest's {@code --confirm concurrency}. The answer comes once the
 *   message is in every queue (the confirm); it must say {@code "routed":true} with
 *   {@code "queues"} = the number of queues, and not {@code "nacked"}.</li>
 * <li>Consumers: one thread per queue loops over {@code get} with {@code count = prefetch},
 *   {@code waitMs = 1000} (a long poll: it answers as soon as one delivery is ready), then one
 *   {@code ack} of the batch's last delivery tag with {@code multiple:true}. Consumed = deliveries
 *   acked.</li>
 * <li>Teardown: the backlog left in the queues (ready + unacked) is read, then the consumers,
 *   queues and exchange are deleted, so that the next mode starts on an empty broker.</li>
 * </ul>
 *
 * Everything runs for {@code --warmup} seconds, not counted (the JITs of the platform and of this
 * client are cold), then for {@code seconds}, printing the rates of every second; the reported
 * rates are the counts of that window over its length: publishes confirmed, and deliveries acked
 * summed over the consumers. Machine-readable last line:
 * {@code RESULT mode published/s consumed/s backlog}. The first failing answer is printed and
 * the process exits with status 1.
 */
public final class ExchangeRestBenchmark {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String ROUTING_KEY = "bench";
    /** Long-poll wait of a consumer's get: also how long a consumer may take to notice the end. */
    private static final int GET_WAIT_MS = 1000;

    private enum Mode {
        DIRECT("direct", 1, false),
        FANOUT("fanout", 3, false),
        PERSISTENT("direct", 1, true);

        final String exchangeType;
        final int queues;
        final boolean durable;

        Mode(String exchangeType, int queues, boolean durable) {
            this.exchangeType = exchangeType;
            this.queues = queues;
            this.durable = durable;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final URI base;
    /** One keep-alive connection per client thread, as PerfTest has one AMQP connection per producer or consumer. */
    private final ThreadLocal<HttpConnection> connections;
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Counted down by the first failure, to wake the main thread at once. */
    private final CountDownLatch failure = new CountDownLatch(1);

    private ExchangeRestBenchmark(String base) {
        this.base = URI.create(base.replaceAll("/+$", ""));
        this.connections = ThreadLocal.withInitial(() -> new HttpConnection(this.base.getHost(), this.base.getPort()));
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int warmup = 10;
        for (String arg : args) {
            if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(arg.substring("--warmup=".length()));
            } else if (arg.startsWith("--")) {
                usage("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 6) {
            usage(null);
        }
        Mode mode = null;
        for (Mode m : Mode.values()) {
            if (m.label().equals(positional.get(1))) {
                mode = m;
            }
        }
        if (mode == null) {
            usage("mode: direct, fanout or persistent, not " + positional.get(1));
        }
        int seconds = Integer.parseInt(positional.get(2));
        int payloadSize = Integer.parseInt(positional.get(3));
        int concurrency = Integer.parseInt(positional.get(4));
        int prefetch = Integer.parseInt(positional.get(5));
        if (seconds < 1 || payloadSize < 0 || concurrency < 1 || prefetch < 1 || warmup < 0) {
            usage("seconds, concurrency and prefetch must be positive, payloadSize and --warmup not negative");
        }
        boolean ok = new ExchangeRestBenchmark(positional.get(0))
                .run(mode, warmup, seconds, payloadSize, concurrency, prefetch);
        System.exit(ok ? 0 : 1);
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: ExchangeRestBenchmark baseUrl direct|fanout|persistent seconds payloadSize "
                + "concurrency prefetch [--warmup=10]");
        System.exit(2);
    }

    private boolean run(Mode mode, int warmup, int seconds, int payloadSize, int concurrency, int prefetch)
            throws InterruptedException {
        String exchange = "bench." + mode.label();
        List<String> queues = new ArrayList<>();
        for (int i = 1; i <= mode.queues; i++) {
            queues.add(mode.queues == 1 ? exchange + ".q" : exchange + ".q-" + i);
        }
        List<String> consumerPaths = new ArrayList<>();
        try {
            setUp(mode, exchange, queues, prefetch, consumerPaths);
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }

        String publishPath = "/api/v1/exchanges/" + encode(exchange) + "/messages";
        byte[] publishBody = publishBody(payloadSize, mode.durable);
        AtomicLong published = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().name("publisher-" + i).start(() -> {
                while (!stop.get() && !failed.get()) {
                    if (!publish(publishPath, publishBody, mode.queues)) {
                        return;
                    }
                    published.incrementAndGet();
                }
            }));
        }
        for (String consumerPath : consumerPaths) {
            threads.add(Thread.ofPlatform().name("consumer-" + threads.size()).start(() -> {
                byte[] getBody = ("{\"count\":" + prefetch + ",\"waitMs\":" + GET_WAIT_MS + "}")
                        .getBytes(StandardCharsets.US_ASCII);
                while (!stop.get() && !failed.get()) {
                    long acked = getAndAck(consumerPath, getBody);
                    if (acked < 0) {
                        return;
                    }
                    consumed.addAndGet(acked);
                }
            }));
        }

        System.out.printf(Locale.ROOT, "%s: %d queue(s), %d B payloads, %d publishes in flight, prefetch %d, "
                + "%d s warm-up + %d s%n", mode.label(), mode.queues, payloadSize, concurrency, prefetch, warmup, seconds);
        if (warmup > 0 && !failure.await(warmup, TimeUnit.SECONDS)) {
            System.out.printf(Locale.ROOT, "warm-up %d s: published %d, consumed %d%n", warmup, published.get(),
                    consumed.get());
        }
        // The measured window: counters read at its start and end, and printed every second meanwhile.
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long published0 = published.get();
        long consumed0 = consumed.get();
        long lastPublished = published0;
        long lastConsumed = consumed0;
        long lastTime = start;
        long now = start;
        while (!failed.get() && now < deadline) {
            failure.await(Math.min(1_000_000_000L, deadline - now), TimeUnit.NANOSECONDS);
            now = System.nanoTime();
            long p = published.get();
            long c = consumed.get();
            double interval = (now - lastTime) / 1e9;
            System.out.printf(Locale.ROOT, "%5.1f s  published %8.0f msg/s  consumed %8.0f msg/s%n",
                    (now - start) / 1e9, (p - lastPublished) / interval, (c - lastConsumed) / interval);
            lastPublished = p;
            lastConsumed = c;
            lastTime = now;
        }
        double elapsed = (now - start) / 1e9;
        long p = lastPublished - published0;
        long c = lastConsumed - consumed0;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(); // a publish returns at once, a consumer's get within GET_WAIT_MS
        }
        if (failed.get()) {
            return false;
        }

        long backlog;
        try {
            backlog = tearDown(exchange, queues, consumerPaths);
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
        double publishRate = p / elapsed;
        double consumeRate = c / elapsed;
        System.out.printf(Locale.ROOT, "%s: published %d (%.0f msg/s), consumed %d (%.0f msg/s) in %.1f s; "
                + "backlog at the end %d%n", mode.label(), p, publishRate, c, consumeRate, elapsed, backlog);
        System.out.printf(Locale.ROOT, "RESULT %s %.0f %.0f %d%n", mode.label(), publishRate, consumeRate, backlog);
        return true;
    }

    // ---------------------------------------------------------------- set-up and tear-down

    private void setUp(Mode mode, String exchange, List<String> queues, int prefetch, List<String> consumerPaths) {
        String durable = Boolean.toString(mode.durable);
        call("PUT", "/api/v1/exchanges/" + encode(exchange),
                "{\"type\":\"" + mode.exchangeType + "\",\"durable\":" + durable + "}");
        for (String queue : queues) {
            call("PUT", "/api/v1/queues/" + encode(queue), "{\"durable\":" + durable + "}");
            call("POST", "/api/v1/bindings",
                    "{\"exchange\":\"" + exchange + "\",\"queue\":\"" + queue + "\",\"routingKey\":\"" + ROUTING_KEY + "\"}");
        }
        for (String queue : queues) {
            byte[] answer = call("POST", "/api/v1/queues/" + encode(queue) + "/consumers", "{\"prefetch\":" + prefetch + "}");
            Object tag = topLevelFields(answer).get("consumerTag");
            if (!(tag instanceof String consumerTag)) {
                throw new BenchmarkFailure("opening a consumer on " + queue + ": no consumerTag in "
                        + new String(answer, StandardCharsets.UTF_8));
            }
            consumerPaths.add("/api/v1/queues/" + encode(queue) + "/consumers/" + encode(consumerTag));
        }
    }

    /** Deletes the consumers, queues and exchange; answers the messages left in the queues (ready + unacked). */
    private long tearDown(String exchange, List<String> queues, List<String> consumerPaths) {
        long backlog = 0;
        for (String queue : queues) {
            Map<String, Object> stats = topLevelFields(call("GET", "/api/v1/queues/" + encode(queue)));
            backlog += ((Number) stats.getOrDefault("ready", 0L)).longValue()
                    + ((Number) stats.getOrDefault("unacked", 0L)).longValue();
        }
        for (String consumerPath : consumerPaths) {
            call("DELETE", consumerPath);
        }
        for (String queue : queues) {
            call("DELETE", "/api/v1/queues/" + encode(queue));
        }
        call("DELETE", "/api/v1/exchanges/" + encode(exchange));
        return backlog;
    }

    // ---------------------------------------------------------------- load

    /** {@code {"routingKey":"bench","payload":"abc…"}}, with {@code "properties":{"deliveryMode":2}} if persistent. */
    private static byte[] publishBody(int payloadSize, boolean persistent) {
        StringBuilder json = new StringBuilder("{\"routingKey\":\"" + ROUTING_KEY + "\",\"payload\":\"");
        for (int i = 0; i < payloadSize; i++) {
            json.append((char) ('a' + i % 26));
        }
        json.append('"');
        if (persistent) {
            json.append(",\"properties\":{\"deliveryMode\":2}");
        }
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One publish; false (after reporting it) unless confirmed into all {@code queues} queues. */
    private boolean publish(String path, byte[] body, int queues) {
        try {
            byte[] answer = call("POST", path, body);
            Map<String, Object> result = topLevelFields(answer);
            if (!Boolean.TRUE.equals(result.get("routed")) || result.containsKey("nacked")
                    || !(result.get("queues") instanceof Number n) || n.intValue() != queues) {
                throw new BenchmarkFailure("POST " + path + ": expected routed to " + queues + " queue(s), got "
                        + new String(answer, StandardCharsets.UTF_8));
            }
            return true;
        } catch (RuntimeException e) { // a BenchmarkFailure, or a JacksonException for an unreadable answer
            fail(e);
            return false;
        }
    }

    /** One get, and an ack of everything it delivered; the number of deliveries acked, -1 on failure. */
    private long getAndAck(String consumerPath, byte[] getBody) {
        try {
            long[] countAndLastTag = deliveries(call("POST", consumerPath + "/get", getBody));
            if (countAndLastTag[0] > 0) {
                call("POST", consumerPath + "/ack", "{\"deliveryTag\":" + countAndLastTag[1] + ",\"multiple\":true}");
            }
            return countAndLastTag[0];
        } catch (RuntimeException e) {
            fail(e);
            return -1;
        }
    }

    // ---------------------------------------------------------------- HTTP and JSON

    private static final class BenchmarkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BenchmarkFailure(String message) {
            super(message);
        }
    }

    private byte[] call(String method, String path) {
        return call(method, path, (byte[]) null);
    }

    private byte[] call(String method, String path, String json) {
        return call(method, path, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's body; a status other than 2xx, or no answer, is a {@link BenchmarkFailure}. No body if json is null. */
    private byte[] call(String method, String path, byte[] json) {
        HttpConnection connection = connections.get();
        HttpConnection.Response response;
        try {
            response = connection.exchange(method, path, json);
        } catch (IOException e) {
            connection.close();
            throw new BenchmarkFailure(method + " " + path + ": " + e);
        }
        if (response.status() / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new BenchmarkFailure(method + " " + path + ": HTTP " + response.status() + " "
                    + (body.length() > 2000 ? body.substring(0, 2000) + " …" : body));
        }
        return response.body();
    }

    /** Prints the first failure only; the other threads stop at their next request. */
    private void fail(RuntimeException e) {
        if (failed.compareAndSet(false, true)) {
            System.err.println("FAILED " + (e instanceof BenchmarkFailure ? e.getMessage() : e.toString()));
            failure.countDown();
        }
    }

    /** The scalar fields (string, number, boolean) of an answer's top-level object; nested values skipped. */
    private static Map<String, Object> topLevelFields(byte[] body) {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, body);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                switch (parser.nextToken()) {
                    case VALUE_STRING -> fields.put(name, parser.getString());
                    case VALUE_NUMBER_INT -> fields.put(name, parser.getLongValue());
                    case VALUE_TRUE -> fields.put(name, Boolean.TRUE);
                    case VALUE_FALSE -> fields.put(name, Boolean.FALSE);
                    default -> parser.skipChildren();
                }
            }
        }
        return fields;
    }

    /** {@code {"deliveries":[{"deliveryTag":…,…},…]}}: the number of deliveries and the last one's tag. */
    private static long[] deliveries(byte[] body) {
        long count = 0;
        long lastTag = -1;
        boolean sawDeliveries = false;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, body);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                JsonToken value = parser.nextToken();
                if (!parser.currentName().equals("deliveries") || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                sawDeliveries = true;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    count++;
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        boolean isTag = parser.currentName().equals("deliveryTag");
                        if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && isTag) {
                            lastTag = parser.getLongValue();
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
            }
        }
        if (!sawDeliveries || (count > 0 && lastTag < 0)) {
            throw new BenchmarkFailure("a get answer without deliveries or delivery tags: "
                    + new String(body, StandardCharsets.UTF_8));
        }
        return new long[] {count, lastTag};
    }

    private static void expect(JsonToken actual, JsonToken expected, byte[] body) {
        if (actual != expected) {
            throw new BenchmarkFailure("expected " + expected + ", found " + actual + " in "
                    + new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
