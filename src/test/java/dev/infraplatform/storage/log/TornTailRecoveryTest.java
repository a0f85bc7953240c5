package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash can leave the last frame of the active segment cut short or garbled: recovery cuts it. */
class TornTailRecoveryTest {

    private static final AppendLogOptions OPTIONS = AppendLogOptions.defaults().withDurability(Durability.ALWAYS);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SegmentedAppendLog open() {
        return SegmentedAppendLog.open("torn", dir, OPTIONS, registry, null);
    }

    /** Writes 20 records, kills nothing but skips close() so no clean-shutdown marker exists. */
    private Path writeRecordsWithoutCleanShutdown() {
        SegmentedAppendLog log = open();
        for (int i = 0; i < 20; i++) {
            log.append(("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        Path segment = dir.resolve(LogSegment.fileStem(0) + LogSegment.LOG_SUFFIX);
        log.close();
        try {
            Files.deleteIfExists(dir.resolve(SegmentedAppendLog.CLEAN_SHUTDOWN_FILE));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return segment;
    }

    private double truncatedBytes() {
        return registry.find("infra.storage.log.recovery.truncated").counter().count();
    }

    @Test
    void aTruncatedLastRecordIsCutAndAppendsContinueAtItsOffset() throws IOException {
        Path segment = writeRecordsWithoutCleanShutdown();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3);
        }
        try (SegmentedAppendLog log = open()) {
            assertThat(log.endOffset()).isEqualTo(19);
            assertThat(truncatedBytes()).isEqualTo("record-19".length() + 8 - 3);
            assertThat(new String(log.read(18, 1, 1).entries().getFirst().payloadBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("record-18");
            assertThat(log.append("replacement".getBytes(StandardCharsets.UTF_8))).isEqualTo(19);
        }
        try (SegmentedAppendLog log = open()) {
            assertThat(log.endOffset()).isEqualTo(20);
            assertThat(new String(log.read(19, 1, 1).entries().getFirst().payloadBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("replacement");
        }
    }

    @Test
    void aGarbledLastRecordFailsItsChecksumAndIsCut() throws IOException {
        Path segment = writeRecordsWithoutCleanShutdown();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), size - 2);
        }
        try (SegmentedAppendLog log = open()) {
            assertThat(log.endOffset()).isEqualTo(19);
            assertThat(log.append("next".getBytes(StandardCharsets.UTF_8))).isEqualTo(19);
        }
    }

    @Test
    void zerosAfterTheLastRecordAreCut() throws IOException {
        Path segment = writeRecordsWithoutCleanShutdown();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4096), size);
        }
        try (SegmentedAppendLog log = open()) {
            assertThat(log.endOffset()).isEqualTo(20);
            assertThat(Files.size(segment)).isEqualTo(size);
            assertThat(truncatedBytes()).isEqualTo(4096);
        }
    }

    @Test
    void aGarbledLengthFieldDoesNotMakeRecoveryReadPastTheFile() throws IOException {
        Path segment = writeRecordsWithoutCleanShutdown();
        long size = Files.size(segment);
        long lastFrame = size - ("record-19".length() + 8);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).putInt(0, 0x7FFF_FFF0), lastFrame);
        }
        try (SegmentedAppendLog log = open()) {
            assertThat(log.endOffset()).isEqualTo(19);
        }
    }

    @Test
    void aCleanShutdownIsTrustedAndStillReadsEveryRecord() {
        SegmentedAppendLog first = open();
        for (int i = 0; i < 1000; i++) {
            first.append(new byte[100]);
        }
        first.close();
        assertThat(Files.exists(dir.resolve(SegmentedAppendLog.CLEAN_SHUTDOWN_FILE))).isTrue();
        try (SegmentedAppendLog log = open()) {
            assertThat(Files.exists(dir.resolve(SegmentedAppendLog.CLEAN_SHUTDOWN_FILE))).isFalse();
            assertThat(log.endOffset()).isEqualTo(1000);
            assertThat(log.read(777, 1, 1).entries().getFirst().offset()).isEqualTo(777);
            assertThat(truncatedBytes()).isZero();
        }
    }
}
