package dev.infraplatform.storage;

/** Stored bytes failed their checksum or structural validation and no intact copy remains. */
public class CorruptDataException extends StorageException {

    public CorruptDataException(String message) {
        super(message);
    }
}
