package dev.infraplatform.storage.snapshot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.infraplatform.storage.CorruptDataException;
import dev.infraplatform.storage.SnapshotInfo;
import dev.infraplatform.storage.SnapshotStore.PayloadReader;
import dev.infraplatform.storage.StorageIOException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {

    private static final PayloadReader<String> AS_TEXT = (snapshot, in) -> new String(in.readAllBytes(), UTF_8);

    @TempDir
    Path dir;

    @Test
    void roundTripsAMultiMegabyteRandomPayloadByteForByte() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("roundTripsAMultiMegabyteRandomPayloadByteForByte seed=" + seed);
        Random random = new Random(seed);
        byte[] payload = new byte[3 * 1024 * 1024 + random.nextInt(1024 * 1024)];
        random.nextBytes(payload);
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 2);

        SnapshotInfo written = store.write(out -> {
            // Mixed write sizes: single bytes, small and larger-than-buffer slices.
            int at = 0;
            while (at < payload.length) {
                int length = Math.min(payload.length - at, random.nextInt(4) == 0 ? 1 : random.nextInt(200_000));
                if (length == 1) {
                    out.write(payload[at]);
                } else {
                    out.write(payload, at, length);
                }
                at += length;
            }
        });

        assertThat(written.generation()).isEqualTo(1);
        assertThat(written.payloadBytes()).isEqualTo(payload.length);
        assertThat(written.file()).isEqualTo(dir.resolve("cache-00000000000000000001.snap"));
        assertThat(store.list()).containsExactly(written);
        SnapshotInfo[] seen = new SnapshotInfo[1];
        byte[] read = store.readLatest((snapshot, in) -> {
            seen[0] = snapshot;
            return in.readAllBytes();
        }).orElseThrow();
        assertThat(read).isEqualTo(payload);
        assertThat(seen[0]).isEqualTo(written);
    }

    @Test
    void keepsOnlyTheNewestGenerations() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "queue", 3);

        for (int i = 1; i <= 5; i++) {
            writeText(store, "state " + i);
        }

        assertThat(store.list()).extracting(SnapshotInfo::generation).containsExactly(5L, 4L, 3L);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(
                "queue-00000000000000000005.snap", "queue-00000000000000000004.snap",
                "queue-00000000000000000003.snap");
        assertThat(store.readLatest(AS_TEXT)).contains("state 5");
    }

    @Test
    void generationsContinueAfterReopeningTheStore() {
        FileSnapshotStore first = new FileSnapshotStore(dir, "cache", 2);
        writeText(first, "one");
        writeText(first, "two");

        FileSnapshotStore reopened = new FileSnapshotStore(dir, "cache", 2);
        assertThat(reopened.readLatest(AS_TEXT)).contains("two");
        SnapshotInfo third = writeText(reopened, "three");

        assertThat(third.generation()).isEqualTo(3);
        assertThat(reopened.readLatest(AS_TEXT)).contains("three");
        assertThat(reopened.list()).extracting(SnapshotInfo::generation).containsExactly(3L, 2L);
    }

    @Test
    void aWriterThatThrowsMidwayPublishesNothingAndLeavesThePreviousSnapshot() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 2);
        writeText(store, "intact");
        IllegalStateException failure = new IllegalStateException("serializer bug");

        assertThatThrownBy(() -> store.write(out -> {
            out.write(new byte[1024 * 1024]);
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> store.write(out -> {
            out.write(new byte[100]);
            throw new IOException("source went away");
        })).isInstanceOf(StorageIOException.class).hasMessageContaining("source went away");

        assertThat(filesIn(dir)).containsExactly("cache-00000000000000000001.snap");
        assertThat(store.readLatest(AS_TEXT)).contains("intact");
        assertThat(writeText(store, "next").generation()).isEqualTo(2);
    }

    @Test
    void aWriterThatClosesTheStreamStillProducesACompleteSnapshot() {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 1);

        store.write(out -> {
            try (out) {
                out.write("closed by the writer".getBytes(UTF_8));
            }
        });

        assertThat(store.readLatest(AS_TEXT)).contains("closed by the writer");
    }

    @Test
    void aFlippedPayloadByteInTheNewestFallsBackToThePreviousGeneration() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 3);
        writeText(store, "older");
        SnapshotInfo newest = writeText(store, "newer");

        byte[] bytes = Files.readAllBytes(newest.file());
        bytes[SnapshotFormat.HEADER_BYTES + 2] ^= 0x01;
        Files.write(newest.file(), bytes);

        assertThat(store.readLatest(AS_TEXT)).contains("older");
        // Not verified by list(): the damaged file is still listed.
        assertThat(store.list()).extracting(SnapshotInfo::generation).containsExactly(2L, 1L);
    }

    @Test
    void aTruncatedNewestFallsBackToThePreviousGeneration() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 3);
        writeText(store, "older");
        SnapshotInfo newest = writeText(store, "newer, and long enough to lose its tail");

        try (FileChannel channel = FileChannel.open(newest.file(), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 5);
        }

        assertThat(store.readLatest(AS_TEXT)).contains("older");
    }

    @Test
    void aSnapshotCutShorterThanItsTrailerFallsBack() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 3);
        writeText(store, "older");
        SnapshotInfo newest = writeText(store, "newer");

        try (FileChannel channel = FileChannel.open(newest.file(), StandardOpenOption.WRITE)) {
            channel.truncate(10);
        }

        assertThat(store.readLatest(AS_TEXT)).contains("older");
    }

    @Test
    void whenEverySnapshotIsCorruptReadingFailsInsteadOfReturningNothing() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 2);
        for (SnapshotInfo written : List.of(writeText(store, "one"), writeText(store, "two"))) {
            byte[] bytes = Files.readAllBytes(written.file());
            bytes[SnapshotFormat.HEADER_BYTES] ^= (byte) 0x80;
            Files.write(written.file(), bytes);
        }

        assertThatThrownBy(() -> store.readLatest(AS_TEXT))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("cache-00000000000000000002.snap")
                .hasMessageContaining("CRC32C");
    }

    @Test
    void noSnapshotsReadsAsEmpty() {
        FileSnapshotStore store = new FileSnapshotStore(dir.resolve("not/yet/created"), "cache", 2);

        assertThat(store.readLatest(AS_TEXT)).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(dir.resolve("not/yet/created")).isDirectory();
    }

    @Test
    void aTempFileLeftByACrashedWriteIsRemovedOnOpenAndIgnoredByReads() throws IOException {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 2);
        writeText(store, "published");
        Path leftover = dir.resolve("cache-00000000000000000002.snap.tmp");
        Files.write(leftover, "INFSNAP1 half a payload".getBytes(UTF_8));
        Path otherStoresTemp = dir.resolve("other-00000000000000000007.snap.tmp");
        Files.write(otherStoresTemp, new byte[] {1});

        FileSnapshotStore reopened = new FileSnapshotStore(dir, "cache", 2);

        assertThat(leftover).doesNotExist();
        assertThat(otherStoresTemp).exists();
        assertThat(reopened.readLatest(AS_TEXT)).contains("published");
        assertThat(writeText(reopened, "after the crash").generation()).isEqualTo(2);
    }

    @Test
    void storesWithDifferentNamesInOneDirectoryDoNotSeeEachOther() {
        FileSnapshotStore a = new FileSnapshotStore(dir, "a", 1);
        FileSnapshotStore ab = new FileSnapshotStore(dir, "a-b", 1);
        writeText(a, "from a");
        writeText(ab, "from a-b");
        writeText(ab, "from a-b again");

        assertThat(a.readLatest(AS_TEXT)).contains("from a");
        assertThat(a.list()).extracting(SnapshotInfo::generation).containsExactly(1L);
        assertThat(ab.readLatest(AS_TEXT)).contains("from a-b again");
    }

    @Test
    void anIOExceptionFromTheReaderBecomesAStorageIOException() {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 2);
        writeText(store, "payload");

        assertThatThrownBy(() -> store.readLatest((snapshot, in) -> {
            throw new IOException("decoder failed");
        })).isInstanceOf(StorageIOException.class).hasMessageContaining("decoder failed");
    }

    @Test
    void concurrentWritesAreSerializedIntoDistinctIntactGenerations() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 100);
        int threads = 4;
        int writesPerThread = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<SnapshotInfo>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<SnapshotInfo> written = new ArrayList<>();
                    for (int i = 0; i < writesPerThread; i++) {
                        written.add(writeText(store, "thread " + thread + " write " + i));
                    }
                    return written;
                }));
            }
            start.countDown();
        }

        List<Long> generations = new ArrayList<>();
        for (Future<List<SnapshotInfo>> result : results) {
            result.get().forEach(info -> generations.add(info.generation()));
        }
        assertThat(generations).doesNotHaveDuplicates().hasSize(threads * writesPerThread);
        assertThat(store.list()).hasSize(threads * writesPerThread);
        assertThat(filesIn(dir)).noneMatch(name -> name.endsWith(".tmp"));
        assertThat(store.readLatest(AS_TEXT)).isPresent();
    }

    @Test
    void readsDuringWritesThatPruneOldGenerationsAlwaysFindAnIntactSnapshot() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir, "cache", 1);
        writeText(store, "state 0");
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 1; i <= 100; i++) {
                        writeText(store, "state " + i);
                    }
                } finally {
                    writing.set(false);
                }
            });
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get()) {
                    assertThat(store.readLatest(AS_TEXT).orElseThrow()).startsWith("state ");
                    reads++;
                }
                return reads;
            });
            writer.get();
            assertThat(reader.get()).isPositive();
        }
        assertThat(store.readLatest(AS_TEXT)).contains("state 100");
    }

    private static SnapshotInfo writeText(FileSnapshotStore store, String text) {
        return store.write(out -> out.write(text.getBytes(UTF_8)));
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
