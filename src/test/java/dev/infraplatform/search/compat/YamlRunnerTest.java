package dev.infraplatform.search.compat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML runner's own rules, without a server: skips, scalar reading, value equality, API paths. */
class YamlRunnerTest {

    @Test
    void versionRangesAreReadAsThePublishedRunnerReadsThem() {
        assertThat(YamlSuiteRunner.VersionRange.anyContains(" - 2.99.99", "3.1.0")).isFalse();
        assertThat(YamlSuiteRunner.VersionRange.anyContains("3.0.0 -", "3.1.0")).isTrue();
        assertThat(YamlSuiteRunner.VersionRange.anyContains("- 3.1.0", "3.1.0")).isTrue();
        assertThat(YamlSuiteRunner.VersionRange.anyContains("all", "3.1.0")).isTrue();
        assertThat(YamlSuiteRunner.VersionRange.anyContains("1.0.0 - 1.2.99, 3.1.0 - 3.1.99", "3.1.0")).isTrue();
    }

    @Test
    void skipsNameTheirReason() {
        List<Map<String, Object>> unsupported = List.of(Map.of("skip", Map.of("features", List.of("headers", "yaml"))));
        assertThat(YamlSuiteRunner.skipReason(unsupported)).hasValue("runner feature not supported: yaml");
        List<Map<String, Object>> old = List.of(Map.of("skip", Map.of("version", " - 2.99.99", "reason", "old")));
        assertThat(YamlSuiteRunner.skipReason(old)).isEmpty();
    }

    @Test
    void yamlScalarsStayAsJacksonReadsThem() throws IOException {
        String yaml = """
                setup:
                  - do: { indices.create: { index: test } }
                ---
                "A test":
                  - do: { index: { index: test, id: 1, body: { date: 2016-01-01, flag: yes, n: 3 } } }
                  - match: { result: created }
                """;
        YamlTestFile file = YamlTestFile.read("index/10_x.yml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        assertThat(file.setup()).hasSize(1);
        assertThat(file.tests()).containsOnlyKeys("A test");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) file.tests()
                .get("A test").getFirst().get("do")).get("index")).get("body");
        assertThat(body).containsEntry("date", "2016-01-01").containsEntry("flag", "yes").containsEntry("n", 3);
        assertThat(file.directory()).isEqualTo("index");
    }

    @Test
    void numbersMatchByValueAndStructuresDeeply() {
        assertThat(YamlTestExecutor.sameValue(1, 1.0d)).isTrue();
        assertThat(YamlTestExecutor.sameValue(1, 1L)).isTrue();
        assertThat(YamlTestExecutor.sameValue(Map.of("a", List.of(1, 2)), Map.of("a", List.of(1L, 2L)))).isTrue();
        assertThat(YamlTestExecutor.sameValue(Map.of("a", 1), Map.of("a", 1, "b", 2))).isFalse();
        assertThat(YamlTestExecutor.sameValue("1", 1)).isFalse();
    }

    @Test
    void theApiSpecsGiveThePathWithTheMostGivenParts() {
        RestApiSpecs specs = RestApiSpecs.load();
        RestApiSpecs.Api index = specs.api("index");
        assertThat(index.pathFor(java.util.Set.of("index", "id")).template()).isEqualTo("/{index}/_doc/{id}");
        assertThat(index.pathFor(java.util.Set.of("index")).template()).isEqualTo("/{index}/_doc");
        assertThat(specs.api("indices.refresh").pathFor(java.util.Set.of()).template()).isEqualTo("/_refresh");
    }
}
