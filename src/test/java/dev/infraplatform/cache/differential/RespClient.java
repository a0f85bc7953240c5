package dev.infraplatform.cache.differential;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal blocking RESP2 client over one socket: sends a command as an array of bulk strings and
 * reads exactly one reply ({@code +}, {@code -}, {@code :}, {@code $} incl. {@code $-1}, {@code *}
 * incl. {@code *-1}, nested arrays), as the engine's {@link Reply} types ({@code -} becomes
 * {@link Reply.Error}). Binary-safe in both directions. Not thread-safe.
 *
 * <p>It implements {@link CacheEngine} so a real redis-server can stand wherever an engine is
 * expected (the differential test's self-check compares redis against redis). I/O failures are
 * thrown as {@link UncheckedIOException}: a broken connection is not a reply.
 */
public final class RespClient implements CacheEngine, AutoCloseable {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port) throws IOException {
        this(host, port, 10_000);
    }

    public RespClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code command} and returns redis' reply. */
    @Override
    public Reply execute(List<byte[]> command) {
        if (command.isEmpty()) {
            // Redis silently ignores an empty multibulk: there would be no reply to read.
            throw new IllegalArgumentException("empty command");
        }
        try {
            write(command);
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("redis I/O failed on " + describe(command), e);
        }
    }

    /** Convenience: a command of UTF-8 strings. */
    public Reply call(String... args) {
        List<byte[]> command = new ArrayList<>(args.length);
        for (String arg : args) {
            command.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return execute(command);
    }

    private void write(List<byte[]> command) throws IOException {
        out.write('*');
        out.write(Long.toString(command.size()).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        for (byte[] arg : command) {
            out.write('$');
            out.write(Long.toString(arg.length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(arg);
            out.write(CRLF);
        }
    }

    private Reply read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by redis");
        }
        return switch (type) {
            case '+' -> new Reply.SimpleString(new String(readLine(), StandardCharsets.UTF_8));
            case '-' -> new Reply.Error(new String(readLine(), StandardCharsets.UTF_8));
            case ':' -> new Reply.Int(parseLong(readLine()));
            case '$' -> {
                long length = parseLong(readLine());
                if (length < 0) {
                    yield Reply.NIL;
                }
                byte[] value = in.readNBytes(Math.toIntExact(length));
                if (value.length != length) {
                    throw new EOFException("bulk string cut short");
                }
                expectCrlf();
                yield new Reply.Bulk(value);
            }
            case '*' -> {
                long count = parseLong(readLine());
                if (count < 0) {
                    yield Reply.NIL_ARRAY;
                }
                List<Reply> items = new ArrayList<>(Math.toIntExact(count));
                for (long i = 0; i < count; i++) {
                    items.add(read());
                }
                yield new Reply.Array(List.copyOf(items));
            }
            default -> throw new IOException("unexpected RESP type byte 0x" + Integer.toHexString(type));
        };
    }

    /** The bytes up to (without) the next CRLF. */
    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toByteArray();
                }
                if (next < 0) {
                    throw new EOFException("connection closed inside a reply line");
                }
                line.write(b);
                line.write(next);
            } else {
                line.write(b);
            }
        }
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("bulk string not terminated by CRLF");
        }
    }

    private static long parseLong(byte[] line) throws IOException {
        try {
            return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IOException("bad RESP number " + Arrays.toString(line), e);
        }
    }

    private static String describe(List<byte[]> command) {
        return command.isEmpty() ? "[]" : new String(command.getFirst(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
