package dev.infraplatform.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The platform's data directory ({@code infra.data-dir}), one folder per module below it.
 * Resolves the relative names modules use for their files and refuses names that would escape it.
 */
public final class DataDirectory {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The path of a relative name such as {@code logbroker/orders-0}.
     *
     * @throws IllegalArgumentException if the name is not made of plain words separated by {@code /}
     */
    public Path resolve(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("invalid storage name '" + name
                    + "': use letters, digits, '.', '_' and '-', separated by '/'");
        }
        return root.resolve(name);
    }

    /** Bytes available to this process on the device holding the directory. */
    public long usableSpace() {
        try {
            return store().getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Total bytes of the device holding the directory. */
    public long totalSpace() {
        try {
            return store().getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileStore store() throws IOException {
        return Files.getFileStore(root);
    }
}
