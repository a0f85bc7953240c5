package dev.infraplatform.cache.persistence;

import dev.infraplatform.storage.RecordFraming;

/** The AOF's record format, for opening its log. */
public final class AofFormat {

    private AofFormat() {
    }

    /** Plain RESP commands, as Redis writes its append-only file. */
    public static RecordFraming resp() {
        return RespFraming.INSTANCE;
    }
}
