package dev.infraplatform.storage;

/** An I/O error other than a full disk; the operation that raised it had no effect. */
public class StorageIOException extends StorageException {

    public StorageIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
