package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedIdsTest {

    @Test
    void idsTakenConcurrentlyAreDistinctTwentyCharacterUrlSafeStrings() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50_000; i++) {
                    ids.add(GeneratedIds.next());
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ids).hasSize(200_000).allMatch(id -> id.matches("[A-Za-z0-9_-]{20}"));
    }
}
