package dev.infraplatform.exchangebroker.journal;

import dev.infraplatform.exchangebroker.engine.Message;
import dev.infraplatform.exchangebroker.engine.MessageProperties;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message in the journal's binary form: exchange, routing key, the basic properties (a presence
 * mask, then the present ones), the headers table and the payload.
 *
 * <p>Header values are tagged as in AMQP 0-9-1 field tables ({@code t b s I l f d S x A F T V}),
 * so every type an AMQP client can send comes back as it went in; two tags of the journal's own
 * keep what JSON can carry beyond AMQP exactly: {@code D} a BigDecimal and {@code N} a BigInteger,
 * both as decimal text. Nothing is lost or converted: a message read back {@code equals} the one
 * written, field by field.
 */
final class MessageCodec {

    private static final int MAX_DEPTH = 64;

    private MessageCodec() {
    }

    /**
     * The message's bytes.
     *
     * @throws IllegalArgumentException for a header value of a type a field table cannot hold
     */
    static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.payload().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, message.exchange());
            writeString(out, message.routingKey());
            writeProperties(out, message.properties());
            writeTable(out, message.headers(), 0);
            out.writeInt(message.payload().length);
            out.write(message.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static Message decode(byte[] bytes) {
        try {
            return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed message in the journal", e);
        }
    }

    static Message read(DataInput in) throws IOException {
        String exchange = readString(in);
        String routingKey = readString(in);
        MessageProperties properties = readProperties(in);
        Map<String, Object> headers = readTable(in, 0);
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Message(exchange, routingKey, payload, headers, properties);
    }

    // ------------------------------------------------------------------ properties

    private static void writeProperties(DataOutput out, MessageProperties p) throws IOException {
        Object[] fields = {p.contentType(), p.contentEncoding(), p.deliveryMode(), p.priority(), p.correlationId(),
                p.replyTo(), p.expiration(), p.messageId(), p.timestamp(), p.type(), p.userId(), p.appId()};
        int mask = 0;
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null) {
                mask |= 1 << i;
            }
        }
        out.writeShort(mask);
        for (Object field : fields) {
            switch (field) {
                case null -> { }
                case String s -> writeString(out, s);
                case Integer n -> out.writeInt(n);
                case Long n -> out.writeLong(n);
                default -> throw new IllegalStateException("unexpected property " + field.getClass());
            }
        }
    }

    private static MessageProperties readProperties(DataInput in) throws IOException {
        int mask = in.readUnsignedShort();
        return new MessageProperties(
                (mask & 1) != 0 ? readString(in) : null,
                (mask & 1 << 1) != 0 ? readString(in) : null,
                (mask & 1 << 2) != 0 ? in.readInt() : null,
                (mask & 1 << 3) != 0 ? in.readInt() : null,
                (mask & 1 << 4) != 0 ? readString(in) : null,
                (mask & 1 << 5) != 0 ? readString(in) : null,
                (mask & 1 << 6) != 0 ? readString(in) : null,
                (mask & 1 << 7) != 0 ? readString(in) : null,
                (mask & 1 << 8) != 0 ? in.readLong() : null,
                (mask & 1 << 9) != 0 ? readString(in) : null,
                (mask & 1 << 10) != 0 ? readString(in) : null,
                (mask & 1 << 11) != 0 ? readString(in) : null);
    }

    // ------------------------------------------------------------------ field tables

    private static void writeTable(DataOutput out, Map<String, Object> table, int depth) throws IOException {
        checkDepth(depth);
        out.writeInt(table.size());
        for (Map.Entry<String, Object> entry : table.entrySet()) {
            writeString(out, entry.getKey());
            writeValue(out, entry.getValue(), depth);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(DataOutput out, Object value, int depth) throws IOException {
        switch (value) {
            case null -> out.writeByte('V');
            case Boolean b -> {
                out.writeByte('t');
                out.writeBoolean(b);
            }
            case Byte b -> {
                out.writeByte('b');
                out.writeByte(b);
            }
            case Short s -> {
                out.writeByte('s');
                out.writeShort(s);
            }
            case Integer i -> {
                out.writeByte('I');
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte('l');
                out.writeLong(l);
            }
            case Float f -> {
                out.writeByte('f');
                out.writeFloat(f);
            }
            case Double d -> {
                out.writeByte('d');
                out.writeDouble(d);
            }
            case BigDecimal d -> {
                out.writeByte('D');
                writeString(out, d.toString());
            }
            case BigInteger i -> {
                out.writeByte('N');
                writeString(out, i.toString());
            }
            case String s -> {
                out.writeByte('S');
                writeString(out, s);
            }
            case byte[] bytes -> {
                out.writeByte('x');
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case Instant instant -> {
                out.writeByte('T');
                out.writeLong(instant.getEpochSecond());
                out.writeInt(instant.getNano());
            }
            case List<?> list -> {
                checkDepth(depth + 1);
                out.writeByte('A');
                out.writeInt(list.size());
                for (Object element : list) {
                    writeValue(out, element, depth + 1);
                }
            }
            case Map<?, ?> map -> {
                out.writeByte('F');
                writeTable(out, (Map<String, Object>) map, depth + 1);
            }
            default -> throw new IllegalArgumentException(
                    "a header value of type " + value.getClass().getName() + " cannot be kept");
        }
    }

    private static Map<String, Object> readTable(DataInput in, int depth) throws IOException {
        checkDepth(depth);
        int size = in.readInt();
        Map<String, Object> table = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String key = readString(in);
            table.put(key, readValue(in, depth));
        }
        return Collections.unmodifiableMap(table);
    }

    private static Object readValue(DataInput in, int depth) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 'V' -> null;
            case 't' -> in.readBoolean();
            case 'b' -> in.readByte();
            case 's' -> in.readShort();
            case 'I' -> in.readInt();
            case 'l' -> in.readLong();
            case 'f' -> in.readFloat();
            case 'd' -> in.readDouble();
            case 'D' -> new BigDecimal(readString(in));
            case 'N' -> new BigInteger(readString(in));
            case 'S' -> readString(in);
            case 'x' -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield bytes;
            }
            case 'T' -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case 'A' -> {
                checkDepth(depth + 1);
                int size = in.readInt();
                List<Object> list = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in, depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
            case 'F' -> readTable(in, depth + 1);
            default -> throw new IOException("unknown field value tag " + tag);
        };
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("headers nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    // ------------------------------------------------------------------ strings

    /** UTF-8 with an int length: AMQP long-string sized, unlike DataOutput's 64 KiB writeUTF. */
    static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("negative string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
