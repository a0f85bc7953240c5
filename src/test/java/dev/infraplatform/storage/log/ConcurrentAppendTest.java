package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentAppendTest {

    private static final int MAX_PAYLOAD = 600;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersWithAlwaysGetDistinctGapFreeOffsetsAndShareFsyncs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int writers = 32;
        int perWriter = 40;
        ConcurrentHashMap<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
        try (SegmentedAppendLog log = SegmentedAppendLog.open("concurrent", dir,
                AppendLogOptions.defaults().withDurability(Durability.ALWAYS).withSegmentBytes(64 * 1024), registry, null);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        byte[] payload = TestRecords.payload(writer, i, MAX_PAYLOAD);
                        long offset = log.append(payload);
                        assertThat(acknowledged.putIfAbsent(offset, payload)).as("offset %d given twice", offset).isNull();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            int total = writers * perWriter;
            assertThat(acknowledged.keySet()).hasSize(total);
            assertThat(acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
            assertThat(log.endOffset()).isEqualTo(total);
            for (long offset = 0; offset < total; offset++) {
                LogEntry entry = log.read(offset, 1, 1).entries().getFirst();
                assertThat(entry.payloadBytes()).isEqualTo(acknowledged.get(offset));
            }
            long fsyncs = registry.get("infra.storage.log.fsync").timer().count();
            assertThat(fsyncs).as("group commit: appenders share fsyncs").isLessThan(total);
        }
    }

    @Test
    void aLongPollWakesWhenTheRecordArrivesAndTimesOutOtherwise() throws Exception {
        try (SegmentedAppendLog log = SegmentedAppendLog.open("poll", dir, AppendLogOptions.defaults(), null, null);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(log.awaitEndOffsetAfter(0, Duration.ofMillis(50))).isZero();
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Long> poll = pool.submit(() -> {
                waiting.countDown();
                return log.awaitEndOffsetAfter(0, Duration.ofMinutes(5));
            });
            waiting.await();
            log.append(new byte[] {1});
            assertThat(poll.get()).isEqualTo(1);
            assertThat(log.awaitEndOffsetAfter(0, Duration.ofMinutes(5))).isEqualTo(1);
        }
    }

    @Test
    void readersTailingTheWriterOnlyEverSeeWholeRecordsInOrder() throws Exception {
        int writers = 4;
        int perWriter = 1500;
        int total = writers * perWriter;
        try (SegmentedAppendLog log = SegmentedAppendLog.open("tail", dir,
                AppendLogOptions.defaults().withDurability(Durability.NONE).withSegmentBytes(128 * 1024)
                        .withIndexIntervalBytes(512), null, null);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int maxBytes = 100 + r * 3000;
                readers.add(pool.submit(() -> {
                    long next = 0;
                    while (next < total) {
                        ReadResult result = log.read(next, 50, maxBytes);
                        for (LogEntry entry : result.entries()) {
                            assertThat(entry.offset()).isEqualTo(next);
                            assertThat(TestRecords.isIntact(entry.payloadBytes(), MAX_PAYLOAD))
                                    .as("record at offset %d is whole", next).isTrue();
                            next++;
                        }
                        if (result.entries().isEmpty()) {
                            assertThat(writing.get() || next >= log.endOffset()).isTrue();
                            log.awaitEndOffsetAfter(next, Duration.ofSeconds(30));
                        }
                    }
                    return next;
                }));
            }
            List<Future<?>> appenders = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        if (i % 10 == 0) {
                            log.appendAll(List.of(ByteBuffer.wrap(TestRecords.payload(writer, i, MAX_PAYLOAD)),
                                    ByteBuffer.wrap(TestRecords.payload(writer, i + 1, MAX_PAYLOAD))));
                            i++;
                        } else {
                            log.append(TestRecords.payload(writer, i, MAX_PAYLOAD));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> appender : appenders) {
                appender.get();
            }
            writing.set(false);
            for (Future<Long> reader : readers) {
                assertThat(reader.get()).isEqualTo(total);
            }
            assertThat(log.stats().segments()).isGreaterThan(1);
        }
    }
}
