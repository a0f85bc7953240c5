package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.engine.PointInTimeDump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole keyspace of an engine in a canonical form for comparing two engines: key → its type
 * command, its elements (sorted where the type has no order: set members, hash fields) and its
 * absolute expiry. Read from a point-in-time dump of the engine.
 */
final class KeyspaceContents {

    private KeyspaceContents() {
    }

    static Map<String, String> of(LocalCacheEngine engine) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PointInTimeDump dump = engine.beginDump()) {
            dump.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(bytes.toByteArray());
    }

    /** Canonical contents of RESP rebuild commands. */
    static Map<String, String> parse(byte[] resp) {
        Map<String, List<String>> elements = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        Map<String, String> expiry = new TreeMap<>();
        ByteBuffer buffer = ByteBuffer.wrap(resp);
        while (buffer.hasRemaining()) {
            int size = RespFraming.INSTANCE.decode(buffer.slice()).frameLength();
            List<byte[]> command = RespCommands.decode(buffer.slice(buffer.position(), size));
            buffer.position(buffer.position() + size);
            String name = text(command.get(0));
            String key = text(command.get(1));
            if (name.equals("PEXPIREAT")) {
                expiry.put(key, text(command.get(2)));
                continue;
            }
            types.put(key, name);
            List<String> list = elements.computeIfAbsent(key, k -> new ArrayList<>());
            int arity = name.equals("HSET") || name.equals("ZADD") ? 2 : 1;
            for (int i = 2; i < command.size(); i += arity) {
                list.add(arity == 1 ? text(command.get(i)) : text(command.get(i)) + "=" + text(command.get(i + 1)));
            }
        }
        Map<String, String> contents = new TreeMap<>();
        elements.forEach((key, list) -> {
            String type = types.get(key);
            if (type.equals("SADD") || type.equals("HSET")) {
                list.sort(null);
            }
            contents.put(key, type + " " + list + (expiry.containsKey(key) ? " @" + expiry.get(key) : ""));
        });
        return contents;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
