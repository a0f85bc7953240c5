package dev.infraplatform.cache.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LRU clock and Redis' LFU counter kept in each entry's access word. */
class KeyAccessTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    @Test
    void lruWordMeasuresIdleTimeInMilliseconds() {
        int word = KeyAccess.initial(NOW, false);
        assertThat(KeyAccess.idleMillis(word, NOW + 1234)).isEqualTo(1234);
        assertThat(KeyAccess.idleMillis(KeyAccess.touched(word, NOW + 5000, false), NOW + 6000)).isEqualTo(1000);
        // the 32-bit clock wraps every ~49 days; idle times shorter than that still come out right
        long acrossWrap = (NOW | 0xffff_ffffL) - 10;
        assertThat(KeyAccess.idleMillis(KeyAccess.initial(acrossWrap, false), acrossWrap + 100)).isEqualTo(100);
    }

    @Test
    void lfuCounterStartsAtFiveGrowsLogarithmicallyAndDecaysPerIdleMinute() {
        int word = KeyAccess.initial(NOW, true);
        assertThat(KeyAccess.decayedCounter(word, NOW)).isEqualTo(KeyAccess.LFU_INIT);
        word = KeyAccess.touched(word, NOW, true);
        assertThat(KeyAccess.decayedCounter(word, NOW)).as("the first hit always counts").isEqualTo(6);
        for (int i = 0; i < 1000; i++) {
            word = KeyAccess.touched(word, NOW, true);
        }
        int counter = KeyAccess.decayedCounter(word, NOW);
        assertThat(counter).as("1000 hits: about log(1000 * 10) more, far from 1000").isBetween(8, 40);
        assertThat(KeyAccess.decayedCounter(word, NOW + 3 * MINUTE)).isEqualTo(counter - 3);
        assertThat(KeyAccess.decayedCounter(word, NOW + 1000 * MINUTE)).isZero();
    }
}
