package dev.infraplatform.logbroker.group;

/**
 * A consumer group's state, as Kafka's consumer group protocol (KIP-848) names it. A group no
 * longer exists ({@code Dead}) once it has neither members nor committed offsets.
 */
public enum GroupState {

    /** No members; committed offsets only. Offsets may be reset and the group deleted. */
    EMPTY("Empty"),
    /** Some member has not yet reached the group epoch or still waits for partitions to move. */
    RECONCILING("Reconciling"),
    /** Every member is at the group epoch and owns exactly its target assignment. */
    STABLE("Stable");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
