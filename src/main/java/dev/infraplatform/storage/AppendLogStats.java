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
 */
public record AppendLogStats(String name, long startOffset, long endOffset, int segments, long sizeBytes,
                             Durability durability) {
}
