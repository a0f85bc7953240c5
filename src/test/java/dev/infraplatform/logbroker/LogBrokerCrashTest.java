package dev.infraplatform.logbroker;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.HttpTestClient;
import dev.infraplatform.PlatformProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * acks=all on a topic with flush {@code always}: the platform JVM is killed with SIGKILL while
 * producers are writing and a consumer group member polls and commits; after a restart on the
 * same data every acknowledged record is at its acknowledged offset, byte for byte, the log goes
 * on from there, and each partition's committed offset is the last one whose commit was answered
 * (or the one whose commit was in flight at the kill).
 */
class LogBrokerCrashTest {

    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    /** partition/offset → value, for every answered produce. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** partition → last answered commit, and the commit sent after it (in flight at the kill, perhaps). */
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final Map<Integer, Long> inFlight = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9AtItsOffset() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("LogBrokerCrashTest seed: " + seed);
        Random random = new Random(seed);
        int acksBeforeKill = 150 + random.nextInt(250);
        try (PlatformProcess platform = PlatformProcess.start(dataDir)) {
            HttpTestClient http = platform.http();
            HttpResponse<String> created = http.postJson("/api/v1/topics",
                    "{\"name\": \"crash\", \"partitions\": 3, \"flush\": \"always\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            CountDownLatch enoughAcks = new CountDownLatch(acksBeforeKill);
            AtomicInteger sequence = new AtomicInteger();
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.submit(() -> produceUntilRefused(http, writer, sequence, enoughAcks));
                }
                writers.submit(() -> consumeAndCommitUntilRefused(http));
                assertThat(enoughAcks.await(120, TimeUnit.SECONDS)).as("producers get answers").isTrue();
                platform.kill();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(acksBeforeKill);
        assertThat(committed).as("commits were answered before the kill").isNotEmpty();
        try (PlatformProcess restarted = PlatformProcess.start(dataDir)) {
            HttpTestClient http = restarted.http();
            acknowledged.forEach((position, value) -> {
                String[] at = position.split("/");
                String body = http.get("/api/v1/topics/crash/partitions/" + at[0] + "/records?offset=" + at[1]
                        + "&maxRecords=1").body();
                assertThat(JsonPath.<List<String>>read(body, "$.records[*].value")).as("record at %s", position)
                        .containsExactly(value);
            });
            String group = http.get("/api/v1/consumer-groups/crash-readers").body();
            for (int partition = 0; partition < 3; partition++) {
                List<Number> offsets = JsonPath.read(group,
                        "$.offsets[?(@.topic == 'crash' && @.partition == " + partition + ")].committed");
                Long answered = committed.get(partition);
                if (answered == null) {
                    continue;
                }
                assertThat(offsets).as("committed offset of partition %d", partition).hasSize(1);
                assertThat(offsets.getFirst().longValue()).as("committed offset of partition %d", partition)
                        .isIn(answered, inFlight.getOrDefault(partition, answered));
            }
            HttpResponse<String> more = http.postJson("/api/v1/topics/crash/records",
                    "{\"acks\": \"all\", \"records\": [{\"partition\": 0, \"value\": \"after\"}]}");
            assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
        }
    }

    /** One group member: polls, then commits what it polled, until the platform is gone. */
    private void consumeAndCommitUntilRefused(HttpTestClient http) {
        try {
            HttpResponse<String> joined = http.postJson("/api/v1/consumer-groups/crash-readers/members",
                    "{\"topics\": [\"crash\"], \"autoOffsetReset\": \"earliest\"}");
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
            String member = JsonPath.read(joined.body(), "$.memberId");
            while (true) {
                HttpResponse<String> polled = http.postJson("/api/v1/consumer-groups/crash-readers/members/" + member
                        + "/poll", "{\"maxRecords\": 50, \"waitMs\": 1000}");
                if (polled.statusCode() != 200) {
                    return;
                }
                int generation = JsonPath.read(polled.body(), "$.generation");
                List<Map<String, Object>> records = JsonPath.read(polled.body(), "$.records");
                Map<Integer, Long> next = new java.util.TreeMap<>();
                for (Map<String, Object> record : records) {
                    next.merge((Integer) record.get("partition"), ((Number) record.get("offset")).longValue() + 1, Math::max);
                }
                if (next.isEmpty()) {
                    continue;
                }
                StringBuilder offsets = new StringBuilder();
                next.forEach((partition, offset) -> offsets.append(offsets.isEmpty() ? "" : ", ")
                        .append("{\"topic\": \"crash\", \"partition\": ").append(partition)
                        .append(", \"offset\": ").append(offset).append('}'));
                inFlight.putAll(next);
                HttpResponse<String> commit = http.postJson("/api/v1/consumer-groups/crash-readers/offsets",
                        "{\"memberId\": \"" + member + "\", \"generation\": " + generation + ", \"offsets\": ["
                                + offsets + "]}");
                if (commit.statusCode() != 200) {
                    return;
                }
                committed.putAll(next);
            }
        } catch (RuntimeException connectionLost) {
            // the platform was killed
        }
    }

    private void produceUntilRefused(HttpTestClient http, int writer, AtomicInteger sequence, CountDownLatch enoughAcks) {
        while (true) {
            int n = sequence.incrementAndGet();
            String key = "key-" + writer + "-" + (n % 17);
            String value = "value-" + writer + "-" + n;
            HttpResponse<String> response;
            try {
                response = http.postJson("/api/v1/topics/crash/records", "{\"acks\": \"all\", \"records\": [{\"key\": \""
                        + key + "\", \"value\": \"" + value + "\"}, {\"key\": \"" + key + "\", \"value\": \"" + value
                        + "-b\"}]}");
            } catch (RuntimeException connectionLost) {
                return;
            }
            if (response.statusCode() != 200) {
                return;
            }
            List<Integer> partitions = JsonPath.read(response.body(), "$.offsets[*].partition");
            List<Number> offsets = JsonPath.read(response.body(), "$.offsets[*].offset");
            acknowledged.put(partitions.get(0) + "/" + offsets.get(0), value);
            acknowledged.put(partitions.get(1) + "/" + offsets.get(1), value + "-b");
            enoughAcks.countDown();
        }
    }
}
