package dev.infraplatform.logbroker.engine;

import java.time.Instant;

/**
 * What the Catalog keeps of a topic.
 *
 * @param name the topic name
 * @param topicId Kafka's topic id (a UUID in Kafka's base64 form), new for every topic created
 * @param config its settings
 * @param createdAt when it was created
 */
public record TopicDefinition(String name, String topicId, TopicConfig config, Instant createdAt) {

    TopicDefinition withConfig(TopicConfig value) {
        return new TopicDefinition(name, topicId, value, createdAt);
    }
}
