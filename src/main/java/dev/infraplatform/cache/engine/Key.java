package dev.infraplatform.cache.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A binary-safe key: the bytes a client sent, compared by content. */
record Key(byte[] bytes) {

    static Key of(String text) {
        return new Key(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
