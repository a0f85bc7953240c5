package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code infra.exchangebroker.sweep-interval}: messages past their TTL are dead-lettered
 * wherever they sit in their queue (not only at the head, where a get would find them), queues
 * unused past {@code x-expires} are deleted, and consumers silent past their ack timeout are
 * closed with their deliveries requeued; then the per-queue gauges take the current queues. Runs on its own daemon thread, stopped on shutdown.
 */
@Component
class ExchangeBrokerMaintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExchangeBrokerMaintenance.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("exchangebroker-maintenance").factory());

    ExchangeBrokerMaintenance(ExchangeBroker broker, ExchangeBrokerMetrics metrics, ExchangeBrokerProperties properties) {
        long period = properties.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long now = System.currentTimeMillis();
                broker.expireDue(now);
                int closed = broker.expireConsumers(now);
                if (closed > 0) {
                    log.info("Exchange broker: {} consumer(s) past their ack timeout closed", closed);
                }
                metrics.refresh();
            } catch (RuntimeException e) {
                log.warn("Exchange broker maintenance failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
