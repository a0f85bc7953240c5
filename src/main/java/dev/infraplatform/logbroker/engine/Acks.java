package dev.infraplatform.logbroker.engine;

/** Kafka's producer {@code acks}: how much of the write the answer waits for. */
public enum Acks {

    /** Answer at once; the records are written in the background and the producer learns no offsets. */
    NONE,
    /** Answer once the records are in the partition log (written to the operating system). */
    LEADER,
    /** Answer once the records are durable under the topic's flush policy. */
    ALL;

    /** Kafka's numeric form: {@code 0}, {@code 1}, {@code -1} or {@code all}. */
    public static Acks parse(String value) {
        return switch (value == null ? "1" : value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "0" -> NONE;
            case "1" -> LEADER;
            case "-1", "all" -> ALL;
            default -> throw new IllegalArgumentException("acks must be 0, 1 or all, not '" + value + "'");
        };
    }
}
