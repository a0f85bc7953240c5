package dev.infraplatform.search.engine;

import java.util.List;

/**
 * Elasticsearch's index blocks, set by the {@code index.blocks.*} settings: what each forbids, and
 * how a refused request names it ({@code status/id/description}, as in a
 * {@code cluster_block_exception}).
 */
public enum IndexBlock {

    /** {@code index.blocks.read_only}: no document writes, no mapping or settings changes. */
    READ_ONLY("read_only", "FORBIDDEN/5/index read-only (api)", true, false, true),
    /** {@code index.blocks.read}: no searches nor document reads. */
    READ("read", "FORBIDDEN/7/index read (api)", false, true, false),
    /** {@code index.blocks.write}: no document writes. */
    WRITE("write", "FORBIDDEN/8/index write (api)", true, false, false),
    /** {@code index.blocks.metadata}: no mapping or settings changes. */
    METADATA("metadata", "FORBIDDEN/9/index metadata (api)", false, false, true),
    /** {@code index.blocks.read_only_allow_delete}: as read-only, but the index may be deleted; answers 429. */
    READ_ONLY_ALLOW_DELETE("read_only_allow_delete", "TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, "
            + "index has read-only-allow-delete block", true, false, true);

    private final String setting;
    private final String description;
    private final boolean write;
    private final boolean read;
    private final boolean metadataWrite;

    IndexBlock(String setting, String description, boolean write, boolean read, boolean metadataWrite) {
        this.setting = setting;
        this.description = description;
        this.write = write;
        this.read = read;
        this.metadataWrite = metadataWrite;
    }

    /** The setting, without {@code index.}: {@code blocks.read_only}. */
    public String setting() {
        return "blocks." + setting;
    }

    public String description() {
        return description;
    }

    /** What an operation needs to be free of. */
    public enum Level {
        WRITE, READ, METADATA_WRITE
    }

    /**
     * @param blocks the index's blocks ({@link IndexSettings#blocks()})
     * @throws ClusterBlockException if one of them forbids operations at this level
     */
    static void check(String index, List<IndexBlock> blocks, Level level) {
        if (blocks.isEmpty()) {
            return;
        }
        List<IndexBlock> forbidding = blocks.stream().filter(block -> block.forbids(level)).toList();
        if (!forbidding.isEmpty()) {
            throw new ClusterBlockException(index, forbidding);
        }
    }

    boolean forbids(Level level) {
        return switch (level) {
            case WRITE -> write;
            case READ -> read;
            case METADATA_WRITE -> metadataWrite;
        };
    }

    /** Whether a retry later may succeed (Elasticsearch answers 429 for these). */
    public boolean retryable() {
        return this == READ_ONLY_ALLOW_DELETE;
    }
}
