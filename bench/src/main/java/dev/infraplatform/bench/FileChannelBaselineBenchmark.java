package dev.infraplatform.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Baseline for {@link AppendLogBenchmark}: what one thread gets from plain positional
 * {@code FileChannel.write} calls (one pwrite syscall each, no fsync) of a given size on the same
 * file system. {@code writeSize} 108 and 1032 are the on-disk frame sizes of 100 B and 1 KiB
 * records (8-byte header); 262144 is the log's I/O buffer size. Each iteration writes a fresh file,
 * deleted when the iteration ends.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class FileChannelBaselineBenchmark {

    @Param({"108", "1032", "262144"})
    public int writeSize;

    private Path trialDirectory;
    private Path file;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long position;
    private int iteration;

    @Setup(Level.Trial)
    public void setUpTrial() throws IOException {
        Files.createDirectories(AppendLogBenchmark.baseDirectory());
        trialDirectory = Files.createTempDirectory(AppendLogBenchmark.baseDirectory(), "baseline-");
        byte[] bytes = new byte[writeSize];
        new SplittableRandom(42).nextBytes(bytes);
        buffer = ByteBuffer.allocateDirect(writeSize);
        buffer.put(bytes).flip();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() throws IOException {
        file = trialDirectory.resolve("iteration-" + (iteration++));
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        position = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            Files.deleteIfExists(file);
        }
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws IOException {
        tearDownIteration();
        AppendLogBenchmark.deleteRecursively(trialDirectory);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public long positionalWrite() throws IOException {
        buffer.rewind();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        return position;
    }
}
