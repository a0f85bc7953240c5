package dev.infraplatform.search.compat;

import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    }
}
