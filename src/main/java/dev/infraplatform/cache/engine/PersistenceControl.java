package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/**
 * What the server commands BGSAVE, SAVE, LASTSAVE, BGREWRITEAOF and INFO's {@code # Persistence}
 * section ask of whatever persists the keyspace. Attached with
 * {@link LocalCacheEngine#attachPersistence}; without it those commands reply an error.
 */
public interface PersistenceControl {

    PersistenceControl NONE = new PersistenceControl() {
        private static final Reply OFF = Reply.error("ERR persistence is not configured");

        @Override
        public Reply bgsave(boolean schedule) {
            return OFF;
        }

        @Override
        public Reply save() {
            return OFF;
        }

        @Override
        public Reply bgrewriteaof() {
            return OFF;
        }

        @Override
        public long lastSaveSeconds() {
            return 0;
        }

        @Override
        public void describe(StringBuilder info) {
            info.append("loading:0\r\n");
        }
    };

    /** BGSAVE [SCHEDULE]. */
    Reply bgsave(boolean schedule);

    /** SAVE: a snapshot written before the reply. */
    Reply save();

    /** BGREWRITEAOF. */
    Reply bgrewriteaof();

    /** LASTSAVE: unix time of the last successful snapshot. */
    long lastSaveSeconds();

    /** Appends the {@code field:value\r\n} lines of INFO's {@code # Persistence} section. */
    void describe(StringBuilder info);
}
