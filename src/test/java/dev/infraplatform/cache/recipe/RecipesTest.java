package dev.infraplatform.cache.recipe;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipesTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);
    private final DistributedLock locks = new DistributedLock(engine);
    private final RateLimiter limiter = new RateLimiter(engine, clock::get);

    private Reply run(String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void aLockIsAPlainKeyReleasedAndRenewedOnlyByItsOwner() {
        assertThat(locks.acquire("job", "alice", 10_000)).isEqualTo(new DistributedLock.Outcome(true, true, 10_000));
        assertThat(run("GET", "lock:job")).isEqualTo(Reply.bulk("alice"));
        assertThat(locks.acquire("job", "bob", 10_000).done()).isFalse();
        assertThat(locks.release("job", "bob")).isEqualTo(new DistributedLock.Outcome(false, true, 10_000));
        assertThat(locks.renew("job", "bob", 50_000).done()).isFalse();
        clock.addAndGet(4_000);
        assertThat(locks.renew("job", "alice", 50_000)).isEqualTo(new DistributedLock.Outcome(true, true, 50_000));
        assertThat(locks.release("job", "alice")).isEqualTo(new DistributedLock.Outcome(true, false, 0));
        assertThat(locks.release("job", "alice")).isEqualTo(new DistributedLock.Outcome(false, false, 0));
        assertThat(run("EXISTS", "lock:job")).isEqualTo(Reply.ZERO);
    }

    @Test
    void anExpiredLockCanBeTakenAndTheOldOwnerCannotReleaseIt() {
        locks.acquire("job", "alice", 1_000);
        clock.addAndGet(1_000);
        assertThat(locks.acquire("job", "bob", 1_000).done()).isTrue();
        assertThat(locks.release("job", "alice").done()).isFalse();
        assertThat(run("GET", "lock:job")).isEqualTo(Reply.bulk("bob"));
    }

    @Test
    void ofManyContendersExactlyOneGetsTheLock() throws Exception {
        int contenders = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
            for (int i = 0; i < contenders; i++) {
                String owner = "owner-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return locks.acquire("contended", owner, 60_000).done();
                }));
            }
            start.countDown();
            long winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimiter.Algorithm.class)
    void aLimitOfOneHundredAllowsExactlyOneHundredUnderConcurrency(RateLimiter.Algorithm algorithm) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 300; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return limiter.check("api", 100, 60_000, algorithm).allowed();
                }));
            }
            start.countDown();
            long allowed = 0;
            for (Future<Boolean> result : results) {
                allowed += result.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(100);
        }
    }

    @Test
    void aFixedWindowCountsUpAndResetsWithItsKey() {
        assertThat(limiter.check("user", 2, 1_000, RateLimiter.Algorithm.FIXED)).isEqualTo(new RateLimiter.Decision(true, 1, 0));
        clock.addAndGet(300);
        assertThat(limiter.check("user", 2, 1_000, RateLimiter.Algorithm.FIXED)).isEqualTo(new RateLimiter.Decision(true, 0, 0));
        assertThat(limiter.check("user", 2, 1_000, RateLimiter.Algorithm.FIXED)).isEqualTo(new RateLimiter.Decision(false, 0, 700));
        assertThat(run("GET", "ratelimit:user")).isEqualTo(Reply.bulk("3"));
        clock.addAndGet(700);
        assertThat(limiter.check("user", 2, 1_000, RateLimiter.Algorithm.FIXED).allowed()).isTrue();
    }

    @Test
    void aSlidingWindowFreesRequestsAsTheyLeaveTheWindow() {
        RateLimiter.Algorithm sliding = RateLimiter.Algorithm.SLIDING;
        assertThat(limiter.check("user", 2, 1_000, sliding)).isEqualTo(new RateLimiter.Decision(true, 1, 0));
        clock.addAndGet(400);
        assertThat(limiter.check("user", 2, 1_000, sliding)).isEqualTo(new RateLimiter.Decision(true, 0, 0));
        clock.addAndGet(100);
        assertThat(limiter.check("user", 2, 1_000, sliding)).isEqualTo(new RateLimiter.Decision(false, 0, 500));
        assertThat(run("ZCARD", "ratelimit:user")).isEqualTo(Reply.integer(2));
        clock.addAndGet(500); // the first request leaves the window
        assertThat(limiter.check("user", 2, 1_000, sliding)).isEqualTo(new RateLimiter.Decision(true, 0, 0));
        assertThat(run("ZCARD", "ratelimit:user")).isEqualTo(Reply.integer(2));
    }

    @Test
    void aKeyOfAnotherTypeIsAWrongTypeError() {
        run("RPUSH", "ratelimit:list", "x");
        assertThatThrownBy(() -> limiter.check("list", 1, 1_000, RateLimiter.Algorithm.SLIDING))
                .isInstanceOf(RecipeException.class).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> limiter.check("list", 1, 1_000, RateLimiter.Algorithm.FIXED))
                .isInstanceOf(RecipeException.class).hasMessageStartingWith("WRONGTYPE");
    }
}
