package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Transactions in the AOF: logged as MULTI … EXEC, replayed whole, a torn one dropped whole. */
class AofTransactionTest {

    private static final AppendLogOptions OPTIONS = AppendLogOptions.defaults().withDurability(Durability.ALWAYS)
            .withFraming(AofFormat.resp());

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private static List<byte[]> command(String... args) {
        return Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(command(args));
    }

    private static void appendRaw(SegmentedAppendLog log, String... args) {
        byte[][] words = Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        log.append(ByteBuffer.wrap(RespCommands.encode(words)));
    }

    @Test
    void aTransactionReplaysWhole() {
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        LocalCacheEngine engine = new LocalCacheEngine(clock::get);
        engine.attachLog(new AppendOnlyFile(log));
        run(engine, "SET", "before", "1");
        engine.exec(List.of(command("SET", "a", "1"), command("INCR", "a"), command("RPUSH", "l", "x", "y")), null);
        run(engine, "SET", "after", "1");
        log.close();

        SegmentedAppendLog reopened = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        LocalCacheEngine recovered = new LocalCacheEngine(clock::get);
        assertThat(new AppendOnlyFile(reopened).replayInto(recovered)).isEqualTo(5);
        reopened.close();
        assertThat(run(recovered, "GET", "a")).isEqualTo(Reply.bulk("2"));
        assertThat(run(recovered, "LLEN", "l")).isEqualTo(Reply.integer(2));
        assertThat(run(recovered, "DBSIZE")).isEqualTo(Reply.integer(4));
    }

    @Test
    void aTransactionTornAtTheTailIsDroppedWholeAndCutFromTheFile() {
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        appendRaw(log, "SET", "kept", "1");
        appendRaw(log, "MULTI");
        appendRaw(log, "SET", "torn", "1");
        appendRaw(log, "INCR", "kept");
        log.close();

        SegmentedAppendLog reopened = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        LocalCacheEngine recovered = new LocalCacheEngine(clock::get);
        AppendOnlyFile aof = new AppendOnlyFile(reopened);
        aof.replayInto(recovered);
        assertThat(run(recovered, "GET", "kept")).isEqualTo(Reply.bulk("1"));
        assertThat(run(recovered, "EXISTS", "torn")).isEqualTo(Reply.ZERO);
        // what is written after recovery does not join the torn transaction on the next replay
        recovered.attachLog(aof);
        run(recovered, "SET", "later", "1");
        reopened.close();

        SegmentedAppendLog again = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        LocalCacheEngine second = new LocalCacheEngine(clock::get);
        new AppendOnlyFile(again).replayInto(second);
        again.close();
        assertThat(run(second, "GET", "later")).isEqualTo(Reply.bulk("1"));
        assertThat(run(second, "EXISTS", "torn")).isEqualTo(Reply.ZERO);
        assertThat(run(second, "GET", "kept")).isEqualTo(Reply.bulk("1"));
    }
}
