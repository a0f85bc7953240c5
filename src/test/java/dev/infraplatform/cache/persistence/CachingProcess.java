package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link AofCrashTest}: a cache engine with an AOF ({@code args[2]}: ALWAYS, INTERVAL
 * = everysec, NONE), written by
 * several threads; prints {@code ack <writer> <n> <counter>;} once {@code SET w<writer>:<n>} and
 * {@code INCR counter:<writer>} have both been answered.
 */
public final class CachingProcess {

    static AppendLogOptions options(Durability durability) {
        return AppendLogOptions.defaults().withDurability(durability).withSegmentBytes(64 * 1024)
                .withFraming(AofFormat.resp());
    }

    private CachingProcess() {
    }

    static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(java.util.Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        Durability durability = Durability.valueOf(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        LocalCacheEngine engine = new LocalCacheEngine();
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", directory, options(durability), null,
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
        AppendOnlyFile aof = new AppendOnlyFile(log);
        aof.replayInto(engine);
        engine.attachLog(aof);
        out.println("ready;");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                for (int n = 0; ; n++) {
                    Reply set = run(engine, "SET", "w" + writer + ":" + n, "value-" + writer + "-" + n);
                    Reply counter = run(engine, "INCR", "counter:" + writer);
                    if (!(set instanceof Reply.SimpleString) || !(counter instanceof Reply.Int value)) {
                        System.err.println("unexpected replies " + List.of(set, counter));
                        System.exit(1);
                        return;
                    }
                    out.println("ack " + writer + " " + n + " " + value.value() + ";");
                }
            });
        }
        pool.awaitTermination(1, TimeUnit.DAYS);
    }
}
