package dev.infraplatform.storage.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Self-describing test payloads: {@code [writer:int32][sequence:int32]} followed by bytes that
 * are a pure function of (writer, sequence), so any reader can recompute a payload from its first
 * eight bytes and compare it byte for byte.
 */
final class TestRecords {

    private TestRecords() {
    }

    static byte[] payload(int writer, int sequence, int maxLength) {
        SplittableRandom random = new SplittableRandom(((long) writer << 32) ^ sequence ^ 0x5DEECE66DL);
        int length = 8 + random.nextInt(Math.max(1, maxLength - 8));
        byte[] bytes = new byte[length];
        ByteBuffer.wrap(bytes).putInt(writer).putInt(sequence);
        for (int i = 8; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** True when {@code actual} is exactly the payload its header names. */
    static boolean isIntact(byte[] actual, int maxLength) {
        if (actual.length < 8) {
            return false;
        }
        ByteBuffer header = ByteBuffer.wrap(actual);
        return Arrays.equals(actual, payload(header.getInt(), header.getInt(), maxLength));
    }
}
