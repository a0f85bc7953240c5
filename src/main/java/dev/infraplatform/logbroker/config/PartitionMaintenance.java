package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.engine.LogBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every ten minutes (Kafka's {@code producer.id.expiration.check.interval.ms}): the idempotence
 * state of producers silent for {@code infra.logbroker.producer-id-expiration} is dropped, so it
 * does not grow without bound, and every partition is checkpointed, so that a start-up after a
 * crash reads at most the last ten minutes of batches.
 */
@Component
class PartitionMaintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);
    private static final long PERIOD_MINUTES = 10;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("logbroker-maintenance").factory());

    PartitionMaintenance(LogBroker broker) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int expired = broker.expireProducers();
                if (expired > 0) {
                    log.info("Log broker: idempotence state of {} idle producer(s) expired", expired);
                }
                broker.checkpoint();
            } catch (RuntimeException e) {
                log.warn("Partition maintenance failed", e);
            }
        }, PERIOD_MINUTES, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
