package dev.infraplatform.search.config;

import dev.infraplatform.search.engine.SearchEngine;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code infra.search.commit-interval}: a Lucene commit of every shard, after which its
 * translog before the commit is dropped (Elasticsearch's periodic flush). Bounds both the translog's
 * size and the replay after a crash.
 */
@Component
class ShardCommits implements DisposableBean {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-commit").factory());

    ShardCommits(SearchEngine engine, SearchProperties properties) {
        long millis = properties.commitInterval().toMillis();
        scheduler.scheduleWithFixedDelay(engine::commitAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
