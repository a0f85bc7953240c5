package dev.infraplatform.logbroker.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Base of engine tests: a {@link LocalBroker} over a fresh directory per test, closed after it. */
abstract class LocalBrokerTest {

    @TempDir
    Path dir;

    LocalBroker local;
    LogBroker broker;

    @BeforeEach
    final void openBroker() {
        local = new LocalBroker(dir);
        broker = local.broker();
    }

    @AfterEach
    final void closeBroker() {
        local.close();
    }

    /** Checkpoints, closes every log and opens the broker again over the same files, as a clean restart does. */
    final void restart() {
        broker = local.restart();
    }

    /** Closes every log and opens the broker again without a new checkpoint, as after a crash. */
    final void restartAfterCrash() {
        broker = local.restartAfterCrash();
    }
}
