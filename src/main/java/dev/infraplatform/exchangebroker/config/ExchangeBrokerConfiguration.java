package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exchange broker engine, in memory: exchanges, queues and messages do not survive a restart yet. */
@Configuration(proxyBeanMethods = false)
class ExchangeBrokerConfiguration {

    @Bean
    ExchangeBroker exchangeBroker() {
        return new ExchangeBroker(System::currentTimeMillis);
    }
}
