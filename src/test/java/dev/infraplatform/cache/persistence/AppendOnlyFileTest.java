package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AppendOnlyFileTest {

    private static final AppendLogOptions OPTIONS = AppendLogOptions.defaults().withDurability(Durability.ALWAYS)
            .withFraming(AofFormat.resp());

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private LocalCacheEngine openEngine(boolean close) {
        LocalCacheEngine engine = new LocalCacheEngine(clock::get);
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        AppendOnlyFile aof = new AppendOnlyFile(log);
        aof.replayInto(engine);
        if (close) {
            log.close();
        } else {
            engine.attachLog(aof);
            logs = log;
        }
        return engine;
    }

    private SegmentedAppendLog logs;

    @Test
    void theFileIsPlainRespAndRelativeEffectsAreLoggedAsAbsoluteOnes() throws IOException {
        LocalCacheEngine engine = openEngine(false);
        run(engine, "SET", "k", "v", "EX", "100");
        run(engine, "SET", "f", "1.5");
        run(engine, "INCRBYFLOAT", "f", "0.25");
        run(engine, "SET", "nx", "1", "NX");
        run(engine, "SET", "nx", "2", "NX");
        run(engine, "INCR", "text-is-not-a-number");
        run(engine, "SET", "s", "x");
        run(engine, "INCR", "s");
        logs.close();
        String aof = Files.readString(dir.resolve("00000000000000000000.log"), StandardCharsets.ISO_8859_1);
        long expiresAt = clock.get() + 100_000;
        assertThat(aof).startsWith("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n" + expiresAt + "\r\n");
        assertThat(aof).contains("*4\r\n$3\r\nSET\r\n$1\r\nf\r\n$4\r\n1.75\r\n$7\r\nKEEPTTL\r\n");
        assertThat(aof).doesNotContain("$1\r\n2\r\n").doesNotContain("INCRBYFLOAT").doesNotContain("EX\r\n");

        clock.addAndGet(40_000);
        LocalCacheEngine recovered = openEngine(true);
        assertThat(run(recovered, "TTL", "k")).isEqualTo(Reply.integer(60));
        assertThat(run(recovered, "GET", "f")).isEqualTo(Reply.bulk("1.75"));
        assertThat(run(recovered, "GET", "nx")).isEqualTo(Reply.bulk("1"));
        assertThat(run(recovered, "GET", "text-is-not-a-number")).isEqualTo(Reply.bulk("1"));
    }

    @Test
    void aBlockedPopServedByAPushIsLoggedAsAPopSoReplayAgrees() throws Exception {
        LocalCacheEngine engine = openEngine(false);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var blocked = pool.submit(() -> run(engine, "BLPOP", "queue", "30"));
            // the push may come before or after the client blocks: either way the AOF must agree
            run(engine, "RPUSH", "queue", "a", "b");
            assertThat(blocked.get()).isEqualTo(Reply.array(java.util.List.of(Reply.bulk("queue"), Reply.bulk("a"))));
        }
        logs.close();
        LocalCacheEngine recovered = openEngine(true);
        assertThat(run(recovered, "LRANGE", "queue", "0", "-1")).isEqualTo(Reply.array(java.util.List.of(Reply.bulk("b"))));
    }

    @Test
    void aTruncatedLastCommandIsDroppedAndTheRestReplays() throws IOException {
        LocalCacheEngine engine = openEngine(false);
        for (int i = 0; i < 10; i++) {
            run(engine, "SET", "key" + i, "value" + i);
        }
        logs.close();
        Files.deleteIfExists(dir.resolve("clean-shutdown"));
        Path segment = dir.resolve("00000000000000000000.log");
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(segment) - 4);
        }
        LocalCacheEngine recovered = openEngine(true);
        assertThat(run(recovered, "GET", "key8")).isEqualTo(Reply.bulk("value8"));
        assertThat(run(recovered, "GET", "key9")).isEqualTo(Reply.NIL);
        assertThat(run(recovered, "DBSIZE")).isEqualTo(Reply.integer(9));
    }

    @Test
    void respFramingRejectsGarbageAndWaitsForMoreOnAPartialCommand() {
        byte[] command = RespCommands.encode(new byte[][] {"SET".getBytes(), "k".getBytes(), "v".getBytes()});
        assertThat(RespFraming.INSTANCE.decode(ByteBuffer.wrap(command)).frameLength()).isEqualTo(command.length);
        assertThat(RespFraming.INSTANCE.decode(ByteBuffer.wrap(command, 0, command.length - 1)).status())
                .isEqualTo(dev.infraplatform.storage.RecordFraming.Status.INCOMPLETE);
        assertThat(RespFraming.INSTANCE.decode(ByteBuffer.wrap("hello\r\n".getBytes())).status())
                .isEqualTo(dev.infraplatform.storage.RecordFraming.Status.CORRUPT);
        assertThat(RespFraming.INSTANCE.decode(ByteBuffer.allocate(16)).status())
                .isEqualTo(dev.infraplatform.storage.RecordFraming.Status.CORRUPT);
    }
}
