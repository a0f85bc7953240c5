package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link AofTransactionCrashTest}: opens {@code ACCOUNTS} accounts of 1000 (unless the
 * replayed AOF has them), then several threads move random amounts between them in transactions
 * that also count the writer's transfers; prints {@code ack <writer> <count>;} per answered one.
 */
public final class TransferringProcess {

    static final int ACCOUNTS = 10;

    private TransferringProcess() {
    }

    static List<byte[]> command(String... args) {
        return Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        LocalCacheEngine engine = new LocalCacheEngine();
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", directory, CachingProcess.options(Durability.ALWAYS), null,
                Executors.newSingleThreadScheduledExecutor());
        AppendOnlyFile aof = new AppendOnlyFile(log);
        aof.replayInto(engine);
        engine.attachLog(aof);
        List<List<byte[]>> open = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            open.add(command("SET", "account:" + i, "1000", "NX"));
        }
        engine.exec(open, null);
        out.println("ready;");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                Random random = new Random();
                while (true) {
                    String amount = Integer.toString(random.nextInt(100));
                    Reply reply = engine.exec(List.of(
                            command("DECRBY", "account:" + random.nextInt(ACCOUNTS), amount),
                            command("INCRBY", "account:" + random.nextInt(ACCOUNTS), amount),
                            command("INCR", "transfers:" + writer)), null);
                    List<Reply> items = reply instanceof Reply.Array array ? array.items() : null;
                    if (items == null || !(items.get(2) instanceof Reply.Int count)) {
                        System.err.println("unexpected reply " + reply);
                        System.exit(1);
                        return;
                    }
                    out.println("ack " + writer + " " + count.value() + ";");
                }
            });
        }
        pool.awaitTermination(1, TimeUnit.DAYS);
    }
}
