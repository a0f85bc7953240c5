package dev.infraplatform.storage;

/**
 * A point-in-time view of an {@link AppendLog}.
 *
 * @param name the log's name
 * @param startOffset first offset in the log
 * @param endOffset next offset to be assigned
 * @param segments number of segment files
 * @param sizeBytes bytes in all segment files
 * @param durability the log's flush policy
 * @param durableEndOffset offsets below it are forced to disk (fsynced); {@code endOffset -
 *     durableEndOffset} records would be lost if the machine (not only the process) stopped now
 */
public record AppendLogStats(String name, long startOffset, long endOffset, int segments, long sizeBytes,
                             Durability durability, long durableEndOffset) {

    /** Records appended but not yet forced to disk: the log's fsync lag. */
    public long unsyncedRecords() {
        return Math.max(0, endOffset - durableEndOffset);
    }
}
