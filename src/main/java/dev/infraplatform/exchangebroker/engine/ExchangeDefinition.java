package dev.infraplatform.exchangebroker.engine;

import java.util.Objects;

/**
 * What an exchange is declared with. Two declarations are equivalent (an idempotent redeclare)
 * when every field is equal.
 *
 * @param name the exchange name ({@code ""} is the default exchange)
 * @param type how it routes
 * @param durable whether it survives a restart: kept by the broker's {@link TopologyStore}
 * @param alternateExchange where messages it cannot route go, or null
 */
public record ExchangeDefinition(String name, ExchangeType type, boolean durable, String alternateExchange) {

    public ExchangeDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (alternateExchange != null && alternateExchange.isEmpty()) {
            alternateExchange = null;
        }
    }
}
