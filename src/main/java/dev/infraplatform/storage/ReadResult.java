package dev.infraplatform.storage;

import java.util.List;

/**
 * A bounded batch of whole frames read from an {@link AppendLog}.
 *
 * @param entries frames in offset order; never a partial one
 * @param nextOffset where the next read should start
 * @param endOffset the log's end offset (next offset to be assigned) when the read was served
 */
public record ReadResult(List<LogEntry> entries, long nextOffset, long endOffset) {
}
