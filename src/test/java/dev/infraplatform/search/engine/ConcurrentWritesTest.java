package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent writers on one shard: every operation gets its own sequence number, every update its own version. */
class ConcurrentWritesTest extends LocalSearchTest {

    private static final int WRITERS = 16;
    private static final int WRITES_EACH = 50;

    @Test
    void sequenceNumbersAndVersionsAreGapFreeUnderConcurrentWrites() throws Exception {
        SearchIndex index = search.engine().createIndex("busy", IndexSettings.defaults(), Mapping.empty());
        List<Future<List<WriteResult>>> futures = new ArrayList<>();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(writers.submit(() -> {
                    List<WriteResult> results = new ArrayList<>();
                    for (int i = 0; i < WRITES_EACH; i++) {
                        String id = i % 2 == 0 ? "shared" : writer + "-" + i;
                        byte[] source = ("{\"writer\": " + writer + ", \"i\": " + i + "}").getBytes(StandardCharsets.UTF_8);
                        results.add(index.index(id, null, source, WriteCondition.NONE, RefreshPolicy.NONE));
                    }
                    return results;
                }));
            }
        }
        List<WriteResult> all = new ArrayList<>();
        for (Future<List<WriteResult>> future : futures) {
            all.addAll(future.get());
        }
        int total = WRITERS * WRITES_EACH;
        assertThat(all.stream().mapToLong(WriteResult::seqNo).sorted().toArray())
                .containsExactly(LongStream.range(0, total).toArray());
        long[] sharedVersions = all.stream().filter(r -> r.id().equals("shared")).mapToLong(WriteResult::version)
                .sorted().toArray();
        assertThat(sharedVersions).containsExactly(LongStream.rangeClosed(1, total / 2).toArray());
        assertThat(index.get("shared", null).version()).isEqualTo(total / 2);
        index.refresh();
        assertThat(index.visibleDocuments()).isEqualTo(1 + total / 2);
        assertThat(index.count(Map.of("term", Map.of("_id", "shared")))).isEqualTo(1);
    }

    @Test
    void concurrentPartialUpdatesRetryOnConflictAndLoseNothing() throws Exception {
        SearchIndex index = search.engine().createIndex("merged", IndexSettings.defaults(), Mapping.empty());
        index.index("doc", null, "{}".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                String field = "f" + w;
                writers.submit(() -> index.update("doc", null, Map.of(field, 1), null, false, true,
                        WriteCondition.NONE, RefreshPolicy.NONE, 1_000));
            }
        }
        GetResult merged = index.get("doc", null);
        assertThat(SearchIndex.parseSource(merged.source())).hasSize(WRITERS);
        assertThat(merged.version()).isEqualTo(1 + WRITERS);
    }
}
