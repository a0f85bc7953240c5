package dev.infraplatform.storage;

/** Opens snapshot stores under the data directory. */
public interface SnapshotStores {

    /**
     * The store for snapshots called {@code name} in {@code <data-dir>/<directory>}.
     *
     * @param directory a relative path such as {@code cache}
     * @param generations how many snapshots to keep (at least 1)
     */
    SnapshotStore open(String directory, String name, int generations);
}
