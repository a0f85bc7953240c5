package dev.infraplatform.search.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request an index block forbids ({@link IndexBlock}): Elasticsearch's
 * {@code cluster_block_exception}, 403 (429 when every block is retryable).
 */
public final class ClusterBlockException extends SearchException {

    private final boolean retryable;

    ClusterBlockException(String index, List<IndexBlock> blocks) {
        super("index [" + index + "] blocked by: [" + blocks.stream().map(IndexBlock::description)
                .collect(Collectors.joining(", ")) + "];");
        this.retryable = blocks.stream().allMatch(IndexBlock::retryable);
    }

    /** Whether every block is retryable: 429 rather than 403. */
    public boolean retryable() {
        return retryable;
    }

    @Override
    public String type() {
        return "cluster_block_exception";
    }
}
