package dev.infraplatform.logbroker.engine;

/** What the engine reports for metrics; the default reports nothing. */
public interface BrokerObserver {

    BrokerObserver NONE = new BrokerObserver() {
    };

    default void produced(String topic, int records, long bytes, long nanos) {
    }

    default void fetched(String topic, int records, long bytes, long nanos) {
    }

    default void topicCreated(Topic topic) {
    }

    default void topicDeleted(String topic) {
    }
}
