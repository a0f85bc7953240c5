package dev.infraplatform.logbroker.persistence;

import dev.infraplatform.logbroker.engine.ProducerIdStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.Map;

/** Producer id blocks and bumped epochs in the Catalog (table {@code logbroker_producer_id}). */
@Component
class CatalogProducerIdStore implements ProducerIdStore {

    private final ProducerIdRowRepository repository;
    private final TransactionTemplate transactions;

    CatalogProducerIdStore(ProducerIdRowRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    @Override
    public long allocateBlock(int size) {
        Long first = transactions.execute(status -> {
            ProducerIdRow mark = repository.findById(ProducerIdRow.BLOCK_MARK)
                    .orElseGet(() -> new ProducerIdRow(ProducerIdRow.BLOCK_MARK, 0));
            long start = mark.value;
            if (size > 0) {
                mark.value = start + size;
                repository.save(mark);
            }
            return start;
        });
        return first;
    }

    @Override
    public Map<Long, Short> loadEpochs() {
        return transactions.execute(status -> {
            Map<Long, Short> epochs = new HashMap<>();
            for (ProducerIdRow row : repository.findAll()) {
                if (row.id != ProducerIdRow.BLOCK_MARK) {
                    epochs.put(row.id, (short) row.value);
                }
            }
            return epochs;
        });
    }

    @Override
    public void saveEpoch(long producerId, short epoch) {
        transactions.executeWithoutResult(status -> repository.save(new ProducerIdRow(producerId, epoch)));
    }
}
