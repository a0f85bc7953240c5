package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link CacheSnapshotCrashTest}: a cache with AOF (everysec) and snapshots in
 * {@code args[0]}, recovered from what is there, written by {@code args[1]} threads that print
 * {@code ack <writer> <n> <counter>;} once {@code SET w<writer>:<n>} and {@code INCR
 * counter:<writer>} are answered, while another thread runs BGREWRITEAOF and BGSAVE back to back
 * and prints {@code started <command>;} as each begins.
 */
public final class SnapshottingProcess {

    private SnapshottingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        // the parent reads this JVM's standard output line by line: keep the log to warnings
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        PersistentCache cache = PersistentCache.open(directory);
        if (cache.run("DBSIZE").equals(Reply.integer(0))) {
            for (int i = 0; i < 20_000; i++) {
                cache.run("HSET", "filler:" + i, "field", "value-" + i, "other", "x");
            }
        }
        out.println("ready;");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                for (int n = 0; ; n++) {
                    Reply set = cache.run("SET", "w" + writer + ":" + n, "value-" + writer + "-" + n);
                    Reply counter = cache.run("INCR", "counter:" + writer);
                    if (!(set instanceof Reply.SimpleString) || !(counter instanceof Reply.Int value)) {
                        System.err.println("unexpected replies " + List.of(set, counter));
                        System.exit(1);
                        return;
                    }
                    out.println("ack " + writer + " " + n + " " + value.value() + ";");
                }
            });
        }
        Thread.ofPlatform().start(() -> {
            try {
                for (int round = 0; ; round++) {
                    String command = round % 2 == 0 ? "BGREWRITEAOF" : "BGSAVE";
                    Reply reply = cache.run(command);
                    if (reply instanceof Reply.Error error) {
                        System.err.println(command + " failed: " + error.message());
                        System.exit(1);
                    }
                    out.println("started " + command + ";");
                    cache.saver.awaitIdle(Duration.ofMinutes(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pool.awaitTermination(1, TimeUnit.DAYS);
    }
}
