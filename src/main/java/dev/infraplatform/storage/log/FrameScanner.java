package dev.infraplatform.storage.log;

import dev.infraplatform.storage.RecordFraming;
import dev.infraplatform.storage.RecordFraming.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks the frames of one segment forward from a frame boundary, reading the file in chunks.
 * Used by reads, by recovery and by truncation. Each refill reads into a fresh buffer, so the
 * payload slices of frames returned earlier stay valid. A frame larger than the chunk grows the
 * next buffer to fit it; a frame claiming more than {@code maxFrameBytes} is reported corrupt.
 *
 * <p>Cost: one positional read per chunk; memory: the chunk plus any frame larger than it.
 */
final class FrameScanner {

    enum Stop { NONE, END, TORN, CORRUPT }

    private final LogSegment segment;
    private final RecordFraming framing;
    private final int maxFrameBytes;
    private final long limit;
    private final int chunkBytes;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int cursor;

    private long framePosition;
    private long frameOffset;
    private Frame frame;
    private long nextPosition;
    private long nextOffset;
    private Stop stop = Stop.NONE;
    private String problem;

    /**
     * @param position a frame boundary to start at
     * @param offset the offset of the frame at {@code position}
     * @param limit scan no further than this file position
     */
    FrameScanner(LogSegment segment, RecordFraming framing, int maxFrameBytes, long position, long offset,
                 long limit, int chunkBytes) {
        this.segment = segment;
        this.framing = framing;
        this.maxFrameBytes = maxFrameBytes;
        this.limit = limit;
        this.chunkBytes = chunkBytes;
        this.nextPosition = position;
        this.nextOffset = offset;
    }

    /** Decodes the next frame; false at the end or on a torn or corrupt frame (see {@link #stop()}). */
    boolean advance() throws IOException {
        if (stop != Stop.NONE) {
            return false;
        }
        while (true) {
            if (nextPosition >= limit) {
                stop = Stop.END;
                return false;
            }
            ByteBuffer view = buffer.duplicate().position(cursor);
            Frame decoded = view.hasRemaining() ? framing.decode(view) : Frame.incomplete(-1);
            switch (decoded.status()) {
                case COMPLETE -> {
                    if (decoded.frameLength() > maxFrameBytes) {
                        return corrupt("frame of " + decoded.frameLength() + " bytes exceeds the maximum "
                                + maxFrameBytes);
                    }
                    frame = decoded;
                    framePosition = nextPosition;
                    frameOffset = nextOffset;
                    cursor += decoded.frameLength();
                    nextPosition += decoded.frameLength();
                    nextOffset += decoded.recordCount();
                    return true;
                }
                case CORRUPT -> {
                    return corrupt(decoded.problem());
                }
                case INCOMPLETE -> {
                    long available = limit - nextPosition;
                    int buffered = buffer.limit() - cursor;
                    if (buffered >= available) {
                        stop = Stop.TORN;
                        problem = "incomplete frame of " + available + " bytes at the end";
                        return false;
                    }
                    int needed = decoded.frameLength() > 0 ? decoded.frameLength() : Math.max(chunkBytes, buffered * 2);
                    if (needed > maxFrameBytes && decoded.frameLength() > 0) {
                        return corrupt("frame claims " + needed + " bytes, more than the maximum " + maxFrameBytes);
                    }
                    refill(Math.max(needed, chunkBytes), available);
                    if (stop != Stop.NONE) {
                        return false;
                    }
                }
            }
        }
    }

    private boolean corrupt(String why) {
        stop = Stop.CORRUPT;
        problem = why;
        return false;
    }

    private void refill(int wanted, long available) throws IOException {
        int capacity = (int) Math.min(wanted, available);
        ByteBuffer next = ByteBuffer.allocate(capacity);
        int read = segment.read(next, nextPosition);
        next.flip();
        if (read < capacity) {
            next.limit(read);
        }
        buffer = next;
        cursor = 0;
        if (read == 0) {
            stop = Stop.TORN;
            problem = "file ends before position " + limit;
        }
    }

    /** The last frame decoded. */
    Frame frame() {
        return frame;
    }

    long framePosition() {
        return framePosition;
    }

    long frameOffset() {
        return frameOffset;
    }

    /** Position just after the last whole frame. */
    long nextPosition() {
        return nextPosition;
    }

    /** Offset just after the last whole frame. */
    long nextOffset() {
        return nextOffset;
    }

    Stop stop() {
        return stop;
    }

    String problem() {
        return problem;
    }

}
