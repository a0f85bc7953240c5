package dev.infraplatform.storage.catalog;

import dev.infraplatform.storage.DataDirectory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loads the node identity from the Catalog once the application is ready, creating it on the
 * first start, and shows it in {@code /actuator/info} as {@code node: {id, createdAt, dataDir}}.
 */
@Component
class NodeIdentityInfo implements InfoContributor {

    private final NodeIdentityRepository repository;
    private final TransactionTemplate transactions;
    private final DataDirectory dataDirectory;
    private final ReentrantLock creation = new ReentrantLock();
    private volatile NodeIdentity identity;

    NodeIdentityInfo(NodeIdentityRepository repository, TransactionTemplate transactions,
                     DataDirectory dataDirectory) {
        this.repository = repository;
        this.transactions = transactions;
        this.dataDirectory = dataDirectory;
    }

    /** Off the start-up path: the Catalog's JPA bootstrap finishes in the background. */
    @EventListener(ApplicationReadyEvent.class)
    void loadOrCreate() {
        Thread.ofVirtual().name("node-identity").start(this::identity);
    }

    NodeIdentity identity() {
        NodeIdentity current = identity;
        if (current != null) {
            return current;
        }
        creation.lock();
        try {
            if (identity == null) {
                identity = transactions.execute(status -> repository.findById(NodeIdentity.SINGLETON_KEY)
                        .orElseGet(() -> repository.save(new NodeIdentity(UUID.randomUUID().toString(), Instant.now()))));
            }
            return identity;
        } finally {
            creation.unlock();
        }
    }

    @Override
    public void contribute(Info.Builder builder) {
        NodeIdentity current = identity();
        builder.withDetail("node", Map.of(
                "id", current.nodeId(),
                "createdAt", current.createdAt().toString(),
                "dataDir", dataDirectory.root().toString()));
    }
}
