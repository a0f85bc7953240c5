package dev.infraplatform.search.engine;

/**
 * Preconditions of a write: {@code op_type=create} (the document must not exist) and optimistic
 * concurrency control ({@code if_seq_no} with {@code if_primary_term}).
 */
public record WriteCondition(boolean create, Long ifSeqNo, Long ifPrimaryTerm) {

    public static final WriteCondition NONE = new WriteCondition(false, null, null);

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
