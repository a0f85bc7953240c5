package dev.infraplatform.storage;

/** A read asked for an offset before the log start or after the log end. */
public class OffsetOutOfRangeException extends StorageException {

    private final long requested;
    private final long startOffset;
    private final long endOffset;

    public OffsetOutOfRangeException(long requested, long startOffset, long endOffset) {
        super("offset " + requested + " is outside the log's range [" + startOffset + ", " + endOffset + "]");
        this.requested = requested;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
    }

    public long requested() {
        return requested;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return endOffset;
    }
}
