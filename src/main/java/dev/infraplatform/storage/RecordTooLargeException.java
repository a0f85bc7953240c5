package dev.infraplatform.storage;

/** A record is larger than the log's {@code maxRecordBytes}; nothing was appended. */
public class RecordTooLargeException extends StorageException {

    public RecordTooLargeException(int size, int limit) {
        super("record of " + size + " bytes exceeds the limit of " + limit + " bytes");
    }
}
