package dev.infraplatform.storage;

/**
 * Base of every failure the storage primitives report. Unchecked: callers either let it reach the
 * edge (where it becomes an error response) or handle the specific subclasses they expect.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
