package dev.infraplatform.cache.persistence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Commands as RESP arrays of bulk strings, the AOF's record format. */
final class RespCommands {

    private RespCommands() {
    }

    static byte[] encode(byte[][] command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + command.length * 16);
        header(out, '*', command.length);
        for (byte[] arg : command) {
            header(out, '$', arg.length);
            out.writeBytes(arg);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Decodes a frame that {@link RespFraming} found complete. */
    static List<byte[]> decode(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate();
        in.get(); // '*'
        int count = (int) readLine(in);
        List<byte[]> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            in.get(); // '$'
            int length = (int) readLine(in);
            byte[] arg = new byte[length];
            in.get(arg);
            in.get(); // '\r'
            in.get(); // '\n'
            args.add(arg);
        }
        return args;
    }

    private static long readLine(ByteBuffer in) {
        long value = 0;
        byte b;
        while ((b = in.get()) != '\r') {
            value = value * 10 + (b - '0');
        }
        in.get(); // '\n'
        return value;
    }

    private static void header(ByteArrayOutputStream out, char type, int number) {
        out.write(type);
        out.writeBytes(Integer.toString(number).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }
}
