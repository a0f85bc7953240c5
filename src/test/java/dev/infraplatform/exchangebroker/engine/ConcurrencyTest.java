package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest extends BrokerFixture {

    @Test
    void concurrentPublishersAndConsumersDeliverAndAckEveryMessageExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ConcurrencyTest seed " + seed);
        int publishers = 4;
        int perPublisher = 2_000;
        int consumersPerQueue = 3;
        List<String> queues = List.of("left", "right");
        exchange("fan", ExchangeType.FANOUT);
        for (String queue : queues) {
            queue(queue);
            bind("fan", queue, "");
        }
        int total = publishers * perPublisher;
        Map<String, ConcurrentHashMap<String, AtomicInteger>> acked = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> ackedCount = new ConcurrentHashMap<>();
        queues.forEach(queue -> {
            acked.put(queue, new ConcurrentHashMap<>());
            ackedCount.put(queue, new AtomicInteger());
        });

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (String queue : queues) {
                for (int c = 0; c < consumersPerQueue; c++) {
                    Random random = new Random(seed + c + queue.hashCode());
                    futures.add(pool.submit(() -> {
                        String tag = broker.openConsumer(queue, 1 + random.nextInt(20), 0);
                        start.await();
                        while (ackedCount.get(queue).get() < total) {
                            List<Delivery> deliveries = broker.get(tag, 1 + random.nextInt(10), Duration.ofMillis(50));
                            for (Delivery delivery : deliveries) {
                                assertThat(delivery.redelivered()).isFalse();
                                acked.get(queue).computeIfAbsent(text(delivery), k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                            if (!deliveries.isEmpty()) {
                                broker.ack(tag, deliveries.getLast().deliveryTag(), true);
                                ackedCount.get(queue).addAndGet(deliveries.size());
                            }
                        }
                        broker.closeConsumer(tag);
                        return null;
                    }));
                }
            }
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        PublishResult result = publish("fan", "", publisher + ":" + i);
                        assertThat(result.queues()).isEqualTo(queues.size());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }

        for (String queue : queues) {
            assertThat(acked.get(queue)).as(queue).hasSize(total);
            assertThat(acked.get(queue).values()).as(queue).allMatch(count -> count.get() == 1);
            assertThat(broker.queueStats(queue)).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(0, 0, 0, 0));
        }
    }

    @Test
    void perPublisherOrderIsKeptForASingleConsumer() throws Exception {
        queue("ordered");
        int publishers = 4;
        int perPublisher = 1_000;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        publish("", "ordered", publisher + ":" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }

        int[] next = new int[publishers];
        for (String payload : drain("ordered")) {
            String[] parts = payload.split(":");
            int publisher = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).isEqualTo(next[publisher]++);
        }
        assertThat(next).containsOnly(perPublisher);
    }
}
