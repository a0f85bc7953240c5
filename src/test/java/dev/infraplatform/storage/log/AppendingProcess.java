package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child JVM of {@link AppendLogCrashTest}: opens the log in {@code args[0]} with
 * {@link Durability#ALWAYS} and appends from several threads forever, printing
 * {@code ack <offset> <writer> <sequence>;} for every append that returned. It is killed with
 * SIGKILL at a random moment; every printed ack must survive.
 */
public final class AppendingProcess {

    static final int MAX_PAYLOAD = 3000;
    static final AppendLogOptions OPTIONS = AppendLogOptions.defaults().withDurability(Durability.ALWAYS)
            .withSegmentBytes(256 * 1024).withIndexIntervalBytes(1024);

    private AppendingProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        int firstWriter = Integer.parseInt(args[1]);
        int writers = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        SegmentedAppendLog log = SegmentedAppendLog.open("crash", directory, OPTIONS, null, null);
        out.println("ready " + log.endOffset() + ";");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < writers; w++) {
            int writer = firstWriter + w;
            pool.submit(() -> {
                try {
                    for (int sequence = 0; ; sequence++) {
                        long offset = log.append(TestRecords.payload(writer, sequence, MAX_PAYLOAD));
                        out.println("ack " + offset + " " + writer + " " + sequence + ";");
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    System.exit(1);
                }
            });
        }
        // virtual threads are daemons: keep the JVM alive until it is killed
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
    }
}
