package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.ProducerIdStore;
import dev.infraplatform.logbroker.engine.TopicStore;
import dev.infraplatform.storage.AppendLogs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log broker engine, with its topics opened from the Catalog before anything is served. */
@Configuration(proxyBeanMethods = false)
class LogBrokerConfiguration {

    @Bean
    LogBroker logBroker(AppendLogs appendLogs, TopicStore topicStore, ProducerIdStore producerIdStore,
                        LogBrokerProperties properties) {
        LogBroker broker = new LogBroker(appendLogs, topicStore, producerIdStore, new LogBroker.Settings(
                properties.maxPartitions(), properties.flushInterval(), properties.producerIdExpiration()),
                System::currentTimeMillis);
        broker.start();
        return broker;
    }
}
