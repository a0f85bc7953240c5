package dev.infraplatform.storage;

import java.util.List;

/**
 * Opens append logs under the data directory. Every module gets its logs here, so that all of
 * them share one fsync scheduler, one retention schedule, the meters and clean shutdown.
 */
public interface AppendLogs {

    /**
     * Opens (or creates) the log stored in {@code <data-dir>/<name>}, recovering it if the
     * platform crashed.
     *
     * @param name a relative path such as {@code logbroker/orders-0}: words of letters, digits,
     *     {@code . _ -}, separated by {@code /}
     * @throws IllegalStateException if a log of that name is already open
     */
    AppendLog open(String name, AppendLogOptions options);

    /** Closes the log if it is open and deletes its directory. */
    void delete(String name);

    /** The logs open now. */
    List<AppendLog> openLogs();
}
