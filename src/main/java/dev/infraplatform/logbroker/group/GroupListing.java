package dev.infraplatform.logbroker.group;

/** A group as Kafka's ListGroups shows it: its id, state, epoch and number of members. */
public record GroupListing(String group, GroupState state, int groupEpoch, int members) {
}
