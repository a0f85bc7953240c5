package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.InsufficientStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real full device: a 1 MiB tmpfs mounted for the test (needs root; skipped elsewhere). An
 * append that hits ENOSPC fails with {@link InsufficientStorageException} and leaves no trace;
 * the log stays consistent and accepts appends again once space returns.
 */
class DiskFullTest {

    @TempDir
    Path parent;

    private Path mountPoint;

    @BeforeEach
    void mountTinyFileSystem() throws Exception {
        mountPoint = parent.resolve("tiny");
        mountPoint.toFile().mkdirs();
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString()) == 0,
                "cannot mount a tmpfs here (not root?)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            if (run("umount", mountPoint.toString()) != 0) {
                run("umount", "-l", mountPoint.toString());
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Test
    void anAppendOnAFullDeviceFailsCleanlyAndTheLogRecoversWhenSpaceReturns() throws Exception {
        Path logDir = mountPoint.resolve("log");
        AppendLogOptions options = AppendLogOptions.defaults().withDurability(Durability.ALWAYS);
        List<byte[]> acknowledged = new ArrayList<>();
        try (SegmentedAppendLog log = SegmentedAppendLog.open("full", logDir, options, null, null)) {
            InsufficientStorageException failure = null;
            for (int i = 0; i < 10_000 && failure == null; i++) {
                byte[] payload = TestRecords.payload(1, i, 5000);
                try {
                    long offset = log.append(payload);
                    assertThat(offset).isEqualTo(acknowledged.size());
                    acknowledged.add(payload);
                } catch (InsufficientStorageException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("the 1 MiB device filled up").isNotNull();
            assertThat(log.endOffset()).isEqualTo(acknowledged.size());
            assertThatThrownBy(() -> log.append(new byte[100_000])).isInstanceOf(InsufficientStorageException.class);
            assertThat(log.endOffset()).isEqualTo(acknowledged.size());
            for (int i = 0; i < acknowledged.size(); i++) {
                assertThat(log.read(i, 1, 1).entries().getFirst().payloadBytes()).isEqualTo(acknowledged.get(i));
            }

            assertThat(run("mount", "-o", "remount,size=8m", mountPoint.toString())).isZero();
            byte[] afterSpaceReturned = TestRecords.payload(2, 0, 5000);
            assertThat(log.append(afterSpaceReturned)).isEqualTo(acknowledged.size());
            acknowledged.add(afterSpaceReturned);
        }
        try (SegmentedAppendLog log = SegmentedAppendLog.open("full", logDir, options, null, null)) {
            assertThat(log.endOffset()).isEqualTo(acknowledged.size());
            for (int i = 0; i < acknowledged.size(); i++) {
                assertThat(log.read(i, 1, 1).entries().getFirst().payloadBytes()).isEqualTo(acknowledged.get(i));
            }
        }
    }
}
