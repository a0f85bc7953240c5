package dev.infraplatform.storage;

import java.io.IOException;

/**
 * Turns an {@link IOException} from the file system into the storage exception a caller can act
 * on: a full device becomes {@link InsufficientStorageException}, anything else
 * {@link StorageIOException}.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    public static StorageException translate(String operation, IOException cause) {
        if (isDiskFull(cause)) {
            return new InsufficientStorageException(operation + " failed: no space left on device", cause);
        }
        return new StorageIOException(operation + " failed: " + cause.getMessage(), cause);
    }

    /** ENOSPC (and EDQUOT) as the JDK reports them: the errno text in the message. */
    public static boolean isDiskFull(IOException cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device")
                    || message.contains("Disk quota exceeded") || message.contains("There is not enough space"))) {
                return true;
            }
        }
        return false;
    }
}
