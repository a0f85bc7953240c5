package dev.infraplatform.search.engine;

import org.junit.jupiter.api.RepeatedTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes racing the close of their index: each is either acknowledged (and then found after the
 * index reopens) or refused with {@code index_closed_exception}, never another failure.
 */
class CloseRacingWritesTest extends LocalSearchTest {

    private static final int WRITERS = 4;

    @RepeatedTest(5)
    void aWriteRacingACloseIsAcknowledgedOrRefusedAsClosed() throws Exception {
        SearchIndex index = search.engine().createIndex("racing", IndexSettings.defaults(), Mapping.empty());
        CountDownLatch writing = new CountDownLatch(WRITERS * 50);
        AtomicLong acknowledged = new AtomicLong();
        List<Future<Throwable>> outcomes = new ArrayList<>();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                outcomes.add(writers.submit(() -> {
                    for (int i = 0; ; i++) {
                        byte[] source = ("{\"w\": " + writer + ", \"i\": " + i + "}").getBytes(StandardCharsets.UTF_8);
                        try {
                            index.index(writer + "-" + i, null, source, WriteCondition.NONE, RefreshPolicy.NONE);
                            acknowledged.incrementAndGet();
                            writing.countDown();
                        } catch (IndexClosedException e) {
                            return null;
                        } catch (Throwable e) {
                            return e;
                        }
                    }
                }));
            }
            writing.await();
            search.engine().closeIndexes(List.of("racing"), IndicesOptions.SEARCH_DEFAULTS);
        }
        for (Future<Throwable> outcome : outcomes) {
            assertThat(outcome.get()).isNull();
        }
        search.engine().openIndexes(List.of("racing"), IndicesOptions.SEARCH_DEFAULTS);
        SearchIndex reopened = search.engine().index("racing");
        reopened.refresh();
        assertThat(reopened.count(java.util.Map.of("match_all", java.util.Map.of())))
                .isGreaterThanOrEqualTo(acknowledged.get());
        search.engine().deleteIndex("racing");
    }
}
