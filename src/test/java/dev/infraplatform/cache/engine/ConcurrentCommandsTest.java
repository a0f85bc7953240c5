package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.infraplatform.cache.engine.EngineCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Commands from many threads at once on the same keys: each is atomic, none is lost. */
class ConcurrentCommandsTest {

    private static final int THREADS = 64;
    private static final int INCREMENTS = 10_000;

    @Test
    void sixtyFourThreadsIncrementingOneCounterLoseNoIncrement() throws Exception {
        LocalCacheEngine engine = new LocalCacheEngine();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Reply> unexpected = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < INCREMENTS; i++) {
                    Reply reply = run(engine, "INCR", "hits");
                    if (!(reply instanceof Reply.Int)) {
                        unexpected.compareAndSet(null, reply);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(unexpected.get()).isNull();
        assertThat(run(engine, "GET", "hits")).isEqualTo(Reply.bulk(String.valueOf(THREADS * INCREMENTS)));
    }

    @Test
    void concurrentIncrementsOfHashFieldsAndSortedSetScoresAreAllCounted() throws Exception {
        LocalCacheEngine engine = new LocalCacheEngine();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    run(engine, "HINCRBY", "stats", "views", "1");
                    run(engine, "ZINCRBY", "board", "2", "alice");
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(run(engine, "HGET", "stats", "views")).isEqualTo(Reply.bulk("40000"));
        assertThat(run(engine, "ZSCORE", "board", "alice")).isEqualTo(Reply.bulk("80000"));
    }
}
