package dev.infraplatform.search.compat;

import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the published Elasticsearch-format REST YAML tests (OpenSearch's {@code rest-api-spec} artifact)
 * against the running platform and writes the compatibility report: always to
 * {@code target/compatibility.md}, and to the path in {@code -Dcompat.report=…} if set (the committed
 * one is {@code docs/compatibility.md}). Single test failures are the report's content, not this
 * test's failure: it fails only if the artifact cannot be read or no test ran.
 */
class RestCompatibilityTest extends RunningPlatformTest {

    @Test
    void runsThePublishedRestTestsAndWritesTheReport() throws IOException {
        Set<String> knownFailures = knownFailures(); // before the run may rewrite the report
        RestApiSpecs specs = RestApiSpecs.load();
        List<YamlTestFile> files = YamlSuiteRunner.load();
        List<TestOutcome> outcomes = new YamlSuiteRunner("http://localhost:" + port + "/api/v1/search", specs).run(files);
        CompatibilityReport report = new CompatibilityReport(outcomes);
        String markdown = report.markdown();

        Path target = Path.of("target", "compatibility.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, markdown, StandardCharsets.UTF_8);
        String requested = System.getProperty("compat.report");
        if (requested != null && !requested.isBlank()) {
            Files.writeString(Path.of(requested), markdown, StandardCharsets.UTF_8);
        }
        System.out.printf("REST compatibility: %d passed, %d failed, %d skipped (%.1f %% of run) -> %s%n",
                report.count(TestOutcome.Status.PASS), report.count(TestOutcome.Status.FAIL),
                report.count(TestOutcome.Status.SKIP), report.passRate(), target.toAbsolutePath());
        report.failuresByArea().forEach((area, count) -> System.out.printf("  failures in %s: %d%n", area, count));

        assertThat(specs.size()).as("REST API specs read").isGreaterThan(100);
        assertThat(report.count(TestOutcome.Status.PASS) + report.count(TestOutcome.Status.FAIL))
                .as("YAML tests run").isPositive();
        assertThat(report.passRate()).as("share of the tests run that pass").isGreaterThanOrEqualTo(80.0);
        List<String> regressions = outcomes.stream().filter(o -> o.status() == TestOutcome.Status.FAIL)
                .map(o -> key(o.file(), o.test())).filter(k -> !knownFailures.contains(k)).toList();
        assertThat(regressions).as("tests that fail now but not in " + COMMITTED_REPORT).isEmpty();
    }

    private static final Path COMMITTED_REPORT = Path.of("docs", "compatibility.md");

    /** The tests the committed report lists under "Failures": any other failing test is a regression. */
    private static Set<String> knownFailures() throws IOException {
        String report = Files.readString(COMMITTED_REPORT, StandardCharsets.UTF_8);
        int section = report.indexOf("\n## Failures\n");
        assertThat(section).as("a Failures section in " + COMMITTED_REPORT).isPositive();
        Set<String> failures = new HashSet<>();
        for (String line : report.substring(section).split("\n")) {
            String[] cells = line.split("(?<!\\\\)\\|");
            if (cells.length > 3 && line.startsWith("| ") && !line.startsWith("| file ")) {
                failures.add(key(cells[1].strip().replace("\\|", "|"), cells[2].strip().replace("\\|", "|")));
            }
        }
        return failures;
    }

    private static String key(String file, String test) {
        return file + " :: " + test.replace("\n", " ").replace("\r", " ").strip();
    }
}
