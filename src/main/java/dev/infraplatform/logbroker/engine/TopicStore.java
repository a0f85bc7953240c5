package dev.infraplatform.logbroker.engine;

import java.util.List;

/** Where topic definitions are kept durably (the Catalog). */
public interface TopicStore {

    List<TopicDefinition> loadAll();

    /** Inserts or replaces the definition; durable when this returns. */
    void save(TopicDefinition topic);

    void delete(String name);
}
