package dev.infraplatform.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What WATCH remembers, made stateless: each watched key with the modification version it had
 * when watched ({@link #ABSENT} for a missing key), and the engine instance ({@code epoch}) the
 * versions come from, so that a token from before a restart never matches. A transaction run
 * with the token is aborted if any watched key was written, deleted or expired since.
 *
 * <p>{@link #encode()} gives an opaque URL-safe text a stateless front door can hand to its client.
 */
public record WatchToken(long epoch, List<Watched> keys) {

    /** The version of a key that does not exist. */
    public static final long ABSENT = -1;

    public WatchToken {
        keys = List.copyOf(keys);
    }

    /** One watched key and the version it had. */
    public record Watched(byte[] key, long version) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Watched watched && version == watched.version && Arrays.equals(key, watched.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key) * 31 + Long.hashCode(version);
        }
    }

    /** The token as base64url text: epoch, count, then (length, key bytes, version) per key. */
    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(epoch);
            out.writeInt(keys.size());
            for (Watched watched : keys) {
                out.writeInt(watched.key.length);
                out.write(watched.key);
                out.writeLong(watched.version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /**
     * Reads a token made by {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a token
     */
    public static WatchToken decode(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a watch token");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(raw))) {
            long epoch = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > raw.length) {
                throw new IllegalArgumentException("not a watch token");
            }
            List<Watched> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0 || length > raw.length) {
                    throw new IllegalArgumentException("not a watch token");
                }
                keys.add(new Watched(in.readNBytes(length), in.readLong()));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("not a watch token");
            }
            return new WatchToken(epoch, keys);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a watch token");
        }
    }
}
