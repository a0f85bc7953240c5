package dev.infraplatform.logbroker.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.infraplatform.logbroker.engine.ProduceFetchTest.config;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.readAll;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.text;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.unkeyed;
import static org.assertj.core.api.Assertions.assertThat;

/** A record batch torn or garbled at a partition's tail is found by its length and CRC and cut on start-up. */
class TornBatchRecoveryTest extends LocalBrokerTest {

    @BeforeEach
    void setUp() {
        broker.createTopic("t", config(1));
        broker.produce("t", List.of(unkeyed("first"), unkeyed("second")), Acks.ALL, null);
        broker.produce("t", List.of(unkeyed("third"), unkeyed("fourth")), Acks.ALL, null);
    }

    private Path segment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("logbroker/t-0"))) {
            return files.filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    /** The crash left no clean-shutdown mark: the next open scans and repairs the tail. */
    private void assertSecondBatchCutAndAppendsGoOn() throws Exception {
        restartAfterCrash();
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(2);
        assertThat(readAll(broker, "t", 0)).extracting(r -> text(r.value())).containsExactly("first", "second");
        assertThat(broker.produce("t", List.of(unkeyed("again")), Acks.ALL, null).offsets()).containsExactly(2L);
        assertThat(readAll(broker, "t", 0)).extracting(r -> text(r.value())).containsExactly("first", "second", "again");
    }

    @Test
    void aTruncatedLastBatchIsCut() throws Exception {
        broker.checkpoint(); // covers both batches: must be ignored once the second one is cut
        local.close();
        Path segment = segment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() - 7);
        }
        Files.deleteIfExists(segment.resolveSibling("clean-shutdown"));
        assertSecondBatchCutAndAppendsGoOn();
    }

    @Test
    void aGarbledLastBatchIsCut() throws Exception {
        local.close();
        Path segment = segment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write(new byte[] {'x', 'y', 'z'});
        }
        Files.deleteIfExists(segment.resolveSibling("clean-shutdown"));
        assertSecondBatchCutAndAppendsGoOn();
    }
}
