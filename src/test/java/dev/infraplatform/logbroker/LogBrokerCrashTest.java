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
 * producers are writing; after a restart on the same data every acknowledged record is at its
 * acknowledged offset, byte for byte, and the log goes on from there.
 */
class LogBrokerCrashTest {

    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    /** partition/offset → value, for every answered produce. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

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
                assertThat(enoughAcks.await(120, TimeUnit.SECONDS)).as("producers get answers").isTrue();
                platform.kill();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(acksBeforeKill);
        try (PlatformProcess restarted = PlatformProcess.start(dataDir)) {
            HttpTestClient http = restarted.http();
            acknowledged.forEach((position, value) -> {
                String[] at = position.split("/");
                String body = http.get("/api/v1/topics/crash/partitions/" + at[0] + "/records?offset=" + at[1]
                        + "&maxRecords=1").body();
                assertThat(JsonPath.<List<String>>read(body, "$.records[*].value")).as("record at %s", position)
                        .containsExactly(value);
            });
            HttpResponse<String> more = http.postJson("/api/v1/topics/crash/records",
                    "{\"acks\": \"all\", \"records\": [{\"partition\": 0, \"value\": \"after\"}]}");
            assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
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
