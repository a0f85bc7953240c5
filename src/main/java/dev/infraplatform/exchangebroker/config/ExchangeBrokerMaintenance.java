package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.journal.MessageJournal;
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
 * unused past {@code x-expires} are deleted, consumers silent past their ack timeout are closed
 * with their deliveries requeued, the journal is compacted if it has grown enough, and the
 * per-queue meters take the current queues. Runs on its own daemon thread. On shutdown, after
 * the web server has stopped taking requests, the journal is compacted a last time (a clean
 * shutdown: the next start replays nothing and keeps exact redelivered flags).
 */
@Component
class ExchangeBrokerMaintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExchangeBrokerMaintenance.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("exchangebroker-maintenance").factory());
    private final ExchangeBroker broker;
    private final MessageJournal journal;

    ExchangeBrokerMaintenance(ExchangeBroker broker, MessageJournal journal, ExchangeBrokerMetrics metrics,
                              ExchangeBrokerProperties properties) {
        this.broker = broker;
        this.journal = journal;
        long period = properties.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long now = System.currentTimeMillis();
                broker.expireDue(now);
                int closed = broker.expireConsumers(now);
                if (closed > 0) {
                    log.info("Exchange broker: {} consumer(s) past their ack timeout closed", closed);
                }
                if (journal.compactionDue()) {
                    journal.compact(broker, false);
                }
                metrics.refresh();
            } catch (RuntimeException e) {
                log.warn("Exchange broker maintenance failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
        try {
            journal.compact(broker, true);
        } catch (RuntimeException e) {
            log.warn("Exchange broker: the shutdown snapshot of the journal failed; the next start replays it", e);
        }
    }
}
