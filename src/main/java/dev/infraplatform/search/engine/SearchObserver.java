package dev.infraplatform.search.engine;

/**
 * Hears what the engine does, for metrics. Called on the thread doing the work; implementations
 * must be fast and must not throw.
 */
public interface SearchObserver {

    default void indexCreated(SearchIndex index) {
    }

    default void indexDeleted(String index) {
    }

    /** A document write (index or delete) was answered, {@code nanos} after it arrived. */
    default void written(String index, long nanos) {
    }

    /** A search or count ran for {@code nanos}. */
    default void searched(String index, long nanos) {
    }
}
