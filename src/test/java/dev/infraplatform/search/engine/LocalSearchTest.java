package dev.infraplatform.search.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * An engine test over a {@link LocalSearch} in a fresh directory: opened before each test (before
 * the subclass's own {@code @BeforeEach}), closed after it.
 */
abstract class LocalSearchTest {

    @TempDir
    Path directory;

    LocalSearch search;

    @BeforeEach
    void openLocalSearch() {
        search = new LocalSearch(directory);
    }

    @AfterEach
    void closeLocalSearch() {
        search.close();
    }
}
