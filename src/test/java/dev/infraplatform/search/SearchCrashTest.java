package dev.infraplatform.search;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.HttpTestClient;
import dev.infraplatform.PlatformProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translog durability {@code always} (the default): the platform JVM is killed with SIGKILL while
 * writers index and delete documents; after a restart on the same data every acknowledged document
 * is found with its acknowledged source and version, every acknowledged delete is gone, and the
 * shards go on numbering after the replayed operations.
 */
class SearchCrashTest {

    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    /** id → acknowledged source and version ("source|version"). */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** id → what the write sent when the platform was killed would leave ("n|version", or "deleted"). */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final AtomicReference<String> unexpected = new AtomicReference<>();

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("SearchCrashTest seed: " + seed);
        int acksBeforeKill = 100 + new Random(seed).nextInt(200);
        try (PlatformProcess platform = PlatformProcess.start(dataDir, "--infra.search.commit-interval=1s")) {
            HttpTestClient http = platform.http();
            HttpResponse<String> created = http.putJson("/api/v1/search/crash",
                    "{\"settings\": {\"number_of_shards\": 3, \"refresh_interval\": \"-1\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            CountDownLatch enoughAcks = new CountDownLatch(acksBeforeKill);
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.submit(() -> writeUntilRefused(http, writer, seed, enoughAcks));
                }
                enoughAcks.await();
                platform.kill();
            }
        }
        assertThat(unexpected.get()).as("answers before the kill").isNull();
        assertThat(acknowledged.size() + deleted.size()).isGreaterThanOrEqualTo(acksBeforeKill);
        try (PlatformProcess restarted = PlatformProcess.start(dataDir)) {
            HttpTestClient http = restarted.http();
            acknowledged.forEach((id, expected) -> {
                HttpResponse<String> got = http.get("/api/v1/search/crash/_doc/" + id);
                String found = got.statusCode() == 404 ? "deleted" : JsonPath.<Integer>read(got.body(), "$._source.n")
                        + "|" + JsonPath.<Integer>read(got.body(), "$._version");
                // the write in flight at the kill may or may not have become durable
                assertThat(found).as("document %s: %s", id, got.body()).isIn(expected, inFlight.getOrDefault(id, expected));
            });
            deleted.forEach(id -> assertThat(http.get("/api/v1/search/crash/_doc/" + id).statusCode())
                    .as("deleted document %s", id).isEqualTo(404));
            HttpResponse<String> after = http.putJson("/api/v1/search/crash/_doc/after", "{\"n\": -1}");
            assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        }
    }

    /** Indexes documents w-0, w-1, …, re-indexes every third and deletes every fifth, until the platform is gone. */
    private void writeUntilRefused(HttpTestClient http, int writer, long seed, CountDownLatch enoughAcks) {
        Random random = new Random(seed + writer);
        try {
            for (int i = 0; ; i++) {
                String id = writer + "-" + i;
                int n = random.nextInt(1_000_000);
                HttpResponse<String> indexed = http.putJson("/api/v1/search/crash/_doc/" + id, "{\"n\": " + n + "}");
                if (!answered(indexed, 201)) {
                    return;
                }
                acknowledged.put(id, n + "|1");
                enoughAcks.countDown();
                if (i % 3 == 2) {
                    String earlier = writer + "-" + (i - 1);
                    inFlight.put(earlier, i + "|2");
                    HttpResponse<String> again = http.putJson("/api/v1/search/crash/_doc/" + earlier, "{\"n\": " + i + "}");
                    if (!answered(again, 200)) {
                        return;
                    }
                    acknowledged.put(earlier, i + "|" + JsonPath.read(again.body(), "$._version"));
                    inFlight.remove(earlier);
                }
                if (i % 5 == 4) {
                    String doomed = writer + "-" + (i - 4);
                    inFlight.put(doomed, "deleted");
                    HttpResponse<String> gone = http.delete("/api/v1/search/crash/_doc/" + doomed);
                    if (!answered(gone, 200)) {
                        return;
                    }
                    inFlight.remove(doomed);
                    acknowledged.remove(doomed);
                    deleted.add(doomed);
                }
            }
        } catch (RuntimeException refused) {
            if (enoughAcks.getCount() > 0) {
                unexpected.compareAndSet(null, refused.toString()); // failed before the kill
            }
        } finally {
            while (enoughAcks.getCount() > 0 && unexpected.get() != null) {
                enoughAcks.countDown();
            }
        }
    }

    private boolean answered(HttpResponse<String> response, int expected) {
        if (response.statusCode() == expected) {
            return true;
        }
        unexpected.compareAndSet(null, response.statusCode() + " " + response.body());
        return false;
    }
}
