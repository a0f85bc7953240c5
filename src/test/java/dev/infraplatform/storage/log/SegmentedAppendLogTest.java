package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import dev.infraplatform.storage.ReadResult;
import dev.infraplatform.storage.RecordTooLargeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentedAppendLogTest {

    private static final AppendLogOptions SMALL_SEGMENTS = AppendLogOptions.defaults()
            .withDurability(Durability.NONE).withSegmentBytes(1024).withIndexIntervalBytes(128);

    @TempDir
    Path dir;

    private SegmentedAppendLog open(AppendLogOptions options) {
        return SegmentedAppendLog.open("test", dir, options, new SimpleMeterRegistry(), null);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAllText(SegmentedAppendLog log, long from) {
        List<String> values = new ArrayList<>();
        long offset = from;
        while (offset < log.endOffset()) {
            ReadResult result = log.read(offset, 7, 300);
            assertThat(result.entries()).isNotEmpty();
            for (LogEntry entry : result.entries()) {
                assertThat(entry.offset()).isEqualTo(from + values.size());
                values.add(new String(entry.payloadBytes(), StandardCharsets.UTF_8));
            }
            offset = result.nextOffset();
        }
        return values;
    }

    @Test
    void assignsConsecutiveOffsetsAndReadsRecordsBackInOrder() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            assertThat(log.append(text("a"))).isZero();
            assertThat(log.append(text("b"))).isEqualTo(1);
            assertThat(log.appendAll(List.of(ByteBuffer.wrap(text("c")), ByteBuffer.wrap(text("d"))))).isEqualTo(2);
            assertThat(log.endOffset()).isEqualTo(4);

            ReadResult fromTwo = log.read(2, 10, 1 << 20);
            assertThat(fromTwo.entries()).extracting(LogEntry::offset).containsExactly(2L, 3L);
            assertThat(fromTwo.entries()).extracting(e -> new String(e.payloadBytes(), StandardCharsets.UTF_8))
                    .containsExactly("c", "d");
            assertThat(fromTwo.nextOffset()).isEqualTo(4);
        }
    }

    @Test
    void statsTellHowManyRecordsAreNotYetForcedToDisk() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            log.append(text("a"));
            log.append(text("b"));
            assertThat(log.stats().unsyncedRecords()).isEqualTo(2);
            log.flush();
            assertThat(log.stats().unsyncedRecords()).isZero();
            assertThat(log.stats().durableEndOffset()).isEqualTo(2);
        }
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.ALWAYS))) {
            log.append(text("c"));
            assertThat(log.stats().unsyncedRecords()).isZero();
        }
    }

    @Test
    void readsAreBoundedByRecordsAndBytesButAlwaysReturnOneWholeRecord() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            for (int i = 0; i < 10; i++) {
                log.append(new byte[100]);
            }
            assertThat(log.read(0, 3, 1 << 20).entries()).hasSize(3);
            assertThat(log.read(0, 100, 250).entries()).hasSize(3); // 108-byte frames: stops once 250 is reached
            assertThat(log.read(5, 100, 1).entries()).hasSize(1);
            assertThat(log.read(10, 100, 1 << 20).entries()).isEmpty();
        }
    }

    @Test
    void offsetsOutsideTheLogAreRejected() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            log.append(text("x"));
            assertThatThrownBy(() -> log.read(2, 1, 100)).isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("[0, 1]");
            assertThatThrownBy(() -> log.read(-1, 1, 100)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void recordsLargerThanTheLimitAreRefusedWithoutAppendingAnything() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE)
                .withMaxRecordBytes(10))) {
            log.append(text("ok"));
            assertThatThrownBy(() -> log.appendAll(List.of(ByteBuffer.wrap(text("fine")),
                    ByteBuffer.wrap(new byte[11])))).isInstanceOf(RecordTooLargeException.class);
            assertThat(log.endOffset()).isEqualTo(1);
            assertThat(log.append(text("next"))).isEqualTo(1);
        }
    }

    @Test
    void rollsSegmentsAndFindsEveryOffsetThroughTheSparseIndexAfterReopening() throws Exception {
        int count = 500;
        try (SegmentedAppendLog log = open(SMALL_SEGMENTS)) {
            for (int i = 0; i < count; i++) {
                log.append(text("record-" + i));
            }
            assertThat(log.stats().segments()).isGreaterThan(3);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".index")).count()).isGreaterThan(3);
        }
        try (SegmentedAppendLog log = open(SMALL_SEGMENTS)) {
            assertThat(log.endOffset()).isEqualTo(count);
            for (int i = 0; i < count; i += 37) {
                LogEntry entry = log.read(i, 1, 1).entries().getFirst();
                assertThat(entry.offset()).isEqualTo(i);
                assertThat(new String(entry.payloadBytes(), StandardCharsets.UTF_8)).isEqualTo("record-" + i);
            }
            List<String> all = readAllText(log, 0);
            assertThat(all).hasSize(count).startsWith("record-0").endsWith("record-" + (count - 1));
            assertThat(log.append(text("after-reopen"))).isEqualTo(count);
        }
    }

    @Test
    void reopeningAfterAnUncleanStopRebuildsTheIndexAndKeepsEveryRecord() throws Exception {
        SegmentedAppendLog log = open(SMALL_SEGMENTS);
        for (int i = 0; i < 300; i++) {
            log.append(text("r" + i));
        }
        // no close(): like a crash of the process, the files stay as written
        Path copy = Files.createTempDirectory(dir.getParent(), "copy");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().equals(SegmentedAppendLog.LOCK_FILE)).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        log.close();
        try (SegmentedAppendLog reopened = SegmentedAppendLog.open("copy", copy, SMALL_SEGMENTS, null, null)) {
            assertThat(reopened.endOffset()).isEqualTo(300);
            assertThat(new String(reopened.read(299, 1, 1).entries().getFirst().payloadBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("r299");
        }
    }

    @Test
    void truncateAfterRemovesLaterRecordsAcrossSegmentsAndAppendsContinue() {
        try (SegmentedAppendLog log = open(SMALL_SEGMENTS)) {
            for (int i = 0; i < 400; i++) {
                log.append(text("v" + i));
            }
            int segmentsBefore = log.stats().segments();
            log.truncateAfter(99);
            assertThat(log.endOffset()).isEqualTo(100);
            assertThat(log.stats().segments()).isLessThan(segmentsBefore);
            assertThatThrownBy(() -> log.read(101, 1, 1)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.append(text("new-100"))).isEqualTo(100);
            assertThat(readAllText(log, 95)).containsExactly("v95", "v96", "v97", "v98", "v99", "new-100");
        }
        try (SegmentedAppendLog log = open(SMALL_SEGMENTS)) {
            assertThat(log.endOffset()).isEqualTo(101);
            log.truncateAfter(-1);
            assertThat(log.endOffset()).isZero();
            assertThat(log.append(text("again"))).isZero();
        }
    }

    @Test
    void retentionBySizeDeletesOldestSegmentsButNeverTheActiveOne() {
        AppendLogOptions options = SMALL_SEGMENTS.withRetention(null, 1);
        try (SegmentedAppendLog log = open(options)) {
            for (int i = 0; i < 300; i++) {
                log.append(text("x" + i));
            }
            long activeBase = log.stats().endOffset();
            int deleted = log.applyRetention();
            assertThat(deleted).isPositive();
            assertThat(log.stats().segments()).isEqualTo(1);
            assertThat(log.startOffset()).isPositive().isLessThanOrEqualTo(activeBase);
            assertThat(log.endOffset()).isEqualTo(300);
            assertThat(new String(log.read(299, 1, 1).entries().getFirst().payloadBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("x299");
            assertThatThrownBy(() -> log.read(0, 1, 1)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.applyRetention()).isZero();
        }
    }

    @Test
    void retentionByAgeDeletesOnlySegmentsWhoseNewestRecordIsOlderAndNeverTheActiveOne() throws Exception {
        AppendLogOptions options = SMALL_SEGMENTS.withRetention(Duration.ofHours(1), -1);
        try (SegmentedAppendLog log = open(options)) {
            for (int i = 0; i < 300; i++) {
                log.append(text("y" + i));
            }
            assertThat(log.applyRetention()).isZero();
            // age every segment file, the active one included
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.setLastModifiedTime(file, old);
                }
            }
            int segments = log.stats().segments();
            assertThat(log.applyRetention()).isEqualTo(segments - 1);
            assertThat(log.stats().segments()).isEqualTo(1);
            assertThat(log.append(text("still-writable"))).isEqualTo(300);
        }
    }

    @Test
    void nextOffsetCountsRecordsNumberedButNotYetWritten() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            log.append(text("a"));
            var deferred = log.appendDeferred(List.of(ByteBuffer.wrap(text("b")), ByteBuffer.wrap(text("c"))));
            assertThat(log.nextOffset()).isEqualTo(3);
            deferred.await();
            assertThat(log.endOffset()).isEqualTo(3);
            assertThat(log.nextOffset()).isEqualTo(3);
        }
    }

    @Test
    void rollingStartsANewSegmentAtTheNextOffsetOnlyWhenTheActiveOneHoldsRecords() throws Exception {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            assertThat(log.rollSegment()).isFalse();
            log.append(text("a"));
            log.append(text("b"));
            assertThat(log.rollSegment()).isTrue();
            assertThat(log.rollSegment()).isFalse();
            log.append(text("c"));
            assertThat(log.stats().segments()).isEqualTo(2);
            assertThat(readAllText(log, 0)).containsExactly("a", "b", "c");
        }
        try (SegmentedAppendLog reopened = open(AppendLogOptions.defaults().withDurability(Durability.NONE));
             Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains("00000000000000000000.log", "00000000000000000002.log");
            assertThat(readAllText(reopened, 0)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void deleteSegmentsBeforeDropsOnlyWholeSegmentsBeforeTheOffsetAndNeverTheActiveOne() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults().withDurability(Durability.NONE))) {
            for (int i = 0; i < 9; i++) {
                log.append(text("r" + i));
                if (i % 3 == 2) {
                    log.rollSegment(); // segments [0,3) [3,6) [6,9) and an empty active one at 9
                }
            }
            assertThat(log.deleteSegmentsBefore(5)).isEqualTo(1); // [3,6) still holds 5
            assertThat(log.startOffset()).isEqualTo(3);
            assertThat(readAllText(log, 3)).containsExactly("r3", "r4", "r5", "r6", "r7", "r8");
            assertThat(log.deleteSegmentsBefore(6)).isEqualTo(1);
            assertThat(log.startOffset()).isEqualTo(6);
            assertThat(log.deleteSegmentsBefore(100)).isEqualTo(1); // [6,9); the active one stays
            assertThat(log.startOffset()).isEqualTo(9);
            log.append(text("r9"));
            assertThat(readAllText(log, 9)).containsExactly("r9");
            assertThat(log.deleteSegmentsBefore(100)).isZero();
        }
    }

    @Test
    void aSecondProcessCannotOpenTheSameLog() {
        try (SegmentedAppendLog log = open(AppendLogOptions.defaults())) {
            assertThatThrownBy(() -> open(AppendLogOptions.defaults()))
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void intervalDurabilityForcesTheLogInTheBackground() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (SegmentedAppendLog log = SegmentedAppendLog.open("interval", dir,
                AppendLogOptions.defaults().withFlushInterval(Duration.ofMillis(20)), registry, scheduler)) {
            log.append(text("soon durable"));
            var fsyncs = registry.get("infra.storage.log.fsync").timer();
            // the scheduler has one thread and runs tasks in trigger order: a check due after the
            // first periodic flush (due at 20 ms) runs once that flush has finished
            long seen = scheduler.schedule(fsyncs::count, 60, java.util.concurrent.TimeUnit.MILLISECONDS).get();
            assertThat(seen).isPositive();
            assertThat(log.stats().unsyncedRecords()).isZero();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
