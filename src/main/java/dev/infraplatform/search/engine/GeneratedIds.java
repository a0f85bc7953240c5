package dev.infraplatform.search.engine;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Document ids the engine generates, as Elasticsearch's time-based ids: 15 bytes — 6 of a
 * millisecond timestamp that never goes back, 3 of a sequence number, 6 drawn at random once per
 * process (Elasticsearch takes a MAC address) — in 20 URL-safe base64 characters. Unique within the
 * process by timestamp and sequence, across processes by the random part; cheap enough to take
 * one per document of a bulk request (no secure random per id).
 */
final class GeneratedIds {

    private static final byte[] NODE = new byte[6];
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static {
        new SecureRandom().nextBytes(NODE);
    }

    private static int sequence = new SecureRandom().nextInt() & 0xFFFFFF;
    private static long lastTimestamp;

    private GeneratedIds() {
    }

    static String next() {
        int seq;
        long timestamp;
        synchronized (GeneratedIds.class) {
            seq = sequence = (sequence + 1) & 0xFFFFFF;
            // the clock may go back: never below the last timestamp; a wrapped sequence moves it on
            timestamp = Math.max(lastTimestamp, System.currentTimeMillis());
            if (seq == 0) {
                timestamp++;
            }
            lastTimestamp = timestamp;
        }
        byte[] bytes = new byte[15];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (timestamp >>> (8 * (5 - i)));
        }
        bytes[6] = (byte) (seq >>> 16);
        bytes[7] = (byte) (seq >>> 8);
        bytes[8] = (byte) seq;
        System.arraycopy(NODE, 0, bytes, 9, 6);
        return ENCODER.encodeToString(bytes);
    }
}
