package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream with groups survives a restart through the real AOF: same entries, counters and PEL. */
class StreamAofTest {

    private static final AppendLogOptions OPTIONS = AppendLogOptions.defaults().withDurability(Durability.ALWAYS)
            .withFraming(AofFormat.resp());

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void generatedIdsTrimmingGroupReadsAndClaimsReplayExactly() {
        LocalCacheEngine engine = new LocalCacheEngine(clock::get);
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null);
        engine.attachLog(new AppendOnlyFile(log));
        run(engine, "XGROUP", "CREATE", "events", "g", "$", "MKSTREAM");
        for (int i = 0; i < 300; i++) {
            clock.addAndGet(i % 3);
            run(engine, "XADD", "events", "MAXLEN", "~", "150", "*", "n", String.valueOf(i));
            if (i % 7 == 0) {
                run(engine, "XREADGROUP", "GROUP", "g", "c" + i % 2, "COUNT", "5", "STREAMS", "events", ">");
            }
        }
        clock.addAndGet(1000);
        run(engine, "XAUTOCLAIM", "events", "g", "late", "500", "0", "COUNT", "3");
        run(engine, "XCLAIM", "events", "g", "other", "0", "1700000000290-0", "IDLE", "250");
        run(engine, "XDEL", "events", "1700000000300-0");
        List<Reply> before = state(engine);
        assertThat(((Reply.Array) before.get(3)).items()).hasSizeGreaterThan(10);
        log.close();

        clock.addAndGet(60_000);
        LocalCacheEngine recovered = new LocalCacheEngine(clock::get);
        try (SegmentedAppendLog reopened = SegmentedAppendLog.open("aof", dir, OPTIONS, null, null)) {
            new AppendOnlyFile(reopened).replayInto(recovered);
        }
        assertThat(state(recovered)).isEqualTo(before);
    }

    /** Entries, counters, groups and every pending entry with its delivery time and count. */
    private static List<Reply> state(LocalCacheEngine engine) {
        Reply pending = run(engine, "XINFO", "STREAM", "events", "FULL", "COUNT", "0");
        List<Reply> groups = ((Reply.Array) ((Reply.Array) pending).items().get(17)).items();
        Reply groupPel = ((Reply.Array) groups.getFirst()).items().get(11);
        return List.of(run(engine, "XRANGE", "events", "-", "+"), run(engine, "XINFO", "STREAM", "events"),
                run(engine, "XINFO", "GROUPS", "events"), groupPel);
    }
}
