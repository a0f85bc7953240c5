package dev.infraplatform.search.engine;

/**
 * Preconditions of a write: {@code op_type=create} (the document must not exist), optimistic
 * concurrency control ({@code if_seq_no} with {@code if_primary_term}), and Elasticsearch's external
 * versioning ({@code version} with {@code version_type=external}: the write must carry a version higher
 * than the current one, {@code external_gte}: at least as high; the document then takes that version).
 * {@code externalVersion} is null for internal versioning.
 */
public record WriteCondition(boolean create, Long ifSeqNo, Long ifPrimaryTerm, Long externalVersion, boolean gte) {

    public static final WriteCondition NONE = new WriteCondition(false, null, null);

    /** Internal versioning: create and compare-and-set only. */
    public WriteCondition(boolean create, Long ifSeqNo, Long ifPrimaryTerm) {
        this(create, ifSeqNo, ifPrimaryTerm, null, false);
    }

    /**
     * The condition of Elasticsearch's {@code version} and {@code version_type} parameters next to the others:
     * {@code version} alone (internal versioning) is refused, as in Elasticsearch 7+.
     */
    public static WriteCondition of(boolean create, Long ifSeqNo, Long ifPrimaryTerm, Long version, String versionType) {
        if (versionType != null && !versionType.equals("internal") && !versionType.equals("external")
                && !versionType.equals("external_gte")) {
            throw new IllegalSearchArgumentException("No version type match [" + versionType + "]");
        }
        boolean external = versionType != null && !versionType.equals("internal");
        if (version == null) {
            if (external) {
                throw new IllegalSearchArgumentException("Validation Failed: 1: an external version is required;");
            }
            return new WriteCondition(create, ifSeqNo, ifPrimaryTerm);
        }
        if (!external) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: internal versioning can not be used for "
                    + "optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead;");
        }
        if (version < 0) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: illegal version value [" + version
                    + "] for version type [" + versionType.toUpperCase(java.util.Locale.ROOT) + "];");
        }
        if (create) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: create operations only support internal "
                    + "versioning. use index instead;");
        }
        if (ifSeqNo != null) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: compare and write operations can not be "
                    + "used with version type [" + versionType + "];");
        }
        return new WriteCondition(false, null, null, version, versionType.equals("external_gte"));
    }

    public WriteCondition {
        if ((ifSeqNo == null) != (ifPrimaryTerm == null)) {
            throw new IllegalSearchArgumentException("if_seq_no and if_primary_term must be set together");
        }
        if (ifSeqNo != null && ifSeqNo < 0) {
            throw new IllegalSearchArgumentException("sequence numbers must be non negative. got [" + ifSeqNo + "].");
        }
        if (ifPrimaryTerm != null && ifPrimaryTerm <= 0) {
            throw new IllegalSearchArgumentException("primary term must be positive. got [" + ifPrimaryTerm + "]");
        }
        if (create && ifSeqNo != null) {
            throw new IllegalSearchArgumentException("create operations do not support compare and set. use index "
                    + "instead");
        }
    }
}
