package dev.infraplatform.logbroker.engine;

import java.util.Map;

/** Where producer id allocation and producer epochs are kept durably (the Catalog). */
public interface ProducerIdStore {

    /** Reserves {@code size} new producer ids and returns the first; never returns a range twice. */
    long allocateBlock(int size);

    /** Producer ids whose epoch was bumped past 0, with their current epoch. */
    Map<Long, Short> loadEpochs();

    void saveEpoch(long producerId, short epoch);
}
