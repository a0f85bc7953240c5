package dev.infraplatform.search.translog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * One write to a shard, as recorded in its translog: an index (with the document's {@code _source})
 * or a delete, with the sequence number and version the shard gave it.
 *
 * <p>Record format (big-endian, inside the append log's checksummed frame):
 * {@code [kind:u8 (1 index, 2 delete)][seqNo:i64][version:i64][id:modified-UTF-8]
 * [hasRouting:u8][routing:modified-UTF-8]?[sourceLength:i32][source bytes]} — the source only for an index.
 */
public record TranslogOperation(Kind kind, long seqNo, long version, String id, String routing, byte[] source) {

    public enum Kind { INDEX, DELETE }

    public static TranslogOperation index(long seqNo, long version, String id, String routing, byte[] source) {
        return new TranslogOperation(Kind.INDEX, seqNo, version, id, routing, source);
    }

    public static TranslogOperation delete(long seqNo, long version, String id, String routing) {
        return new TranslogOperation(Kind.DELETE, seqNo, version, id, routing, null);
    }

    public ByteBuffer encode() {
        if (ascii(id) && (routing == null || ascii(routing))) {
            // the common case, written straight into one buffer: writeUTF's form of ASCII is its bytes
            int size = 1 + 8 + 8 + 2 + id.length() + 1 + (routing == null ? 0 : 2 + routing.length())
                    + (kind == Kind.INDEX ? 4 + source.length : 0);
            ByteBuffer buffer = ByteBuffer.allocate(size);
            buffer.put((byte) (kind == Kind.INDEX ? 1 : 2)).putLong(seqNo).putLong(version);
            putAscii(buffer, id);
            buffer.put((byte) (routing != null ? 1 : 0));
            if (routing != null) {
                putAscii(buffer, routing);
            }
            if (kind == Kind.INDEX) {
                buffer.putInt(source.length).put(source);
            }
            return buffer.flip();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (source == null ? 0 : source.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(kind == Kind.INDEX ? 1 : 2);
            out.writeLong(seqNo);
            out.writeLong(version);
            out.writeUTF(id);
            out.writeBoolean(routing != null);
            if (routing != null) {
                out.writeUTF(routing);
            }
            if (kind == Kind.INDEX) {
                out.writeInt(source.length);
                out.write(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    /** Whether {@code text} is ASCII without NUL and short enough for one {@code writeUTF} (its form is then its bytes). */
    private static boolean ascii(String text) {
        if (text.length() > 65_535) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static void putAscii(ByteBuffer buffer, String text) {
        buffer.putShort((short) text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer.put((byte) text.charAt(i));
        }
    }

    public static TranslogOperation decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int kind = in.readUnsignedByte();
            long seqNo = in.readLong();
            long version = in.readLong();
            String id = in.readUTF();
            String routing = in.readBoolean() ? in.readUTF() : null;
            if (kind == 1) {
                byte[] source = new byte[in.readInt()];
                in.readFully(source);
                return index(seqNo, version, id, routing, source);
            }
            if (kind == 2) {
                return delete(seqNo, version, id, routing);
            }
            throw new IllegalStateException("unknown translog operation kind " + kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
