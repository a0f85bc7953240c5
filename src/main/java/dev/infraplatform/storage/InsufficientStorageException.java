package dev.infraplatform.storage;

/**
 * The device holding the data directory is full. The operation that raised it had no effect:
 * the log or snapshot is exactly as before and usable again once space is freed.
 */
public class InsufficientStorageException extends StorageException {

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
