package dev.infraplatform.storage.catalog;

import dev.infraplatform.storage.DataDirectory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Loads the node identity from the Catalog, creating it on the first start, and shows it in
 * {@code /actuator/info} as {@code node: {id, createdAt, dataDir}}.
 */
@Component
class NodeIdentityInfo implements InfoContributor {

    private final NodeIdentity identity;
    private final DataDirectory dataDirectory;

    NodeIdentityInfo(NodeIdentityRepository repository, TransactionTemplate transactions,
                     DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.identity = transactions.execute(status -> repository.findById(NodeIdentity.SINGLETON_KEY)
                .orElseGet(() -> repository.save(new NodeIdentity(UUID.randomUUID().toString(), Instant.now()))));
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of(
                "id", identity.nodeId(),
                "createdAt", identity.createdAt().toString(),
                "dataDir", dataDirectory.root().toString()));
    }
}
