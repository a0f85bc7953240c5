package dev.infraplatform.search.compat;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the selected published REST YAML test files against a running server, one test after
 * another: the file's {@code setup}, the test's steps until the first that fails, the file's
 * {@code teardown}, then every index and ingest pipeline is deleted through the API. Skips are
 * evaluated as the published runner does, with this server presenting itself as OpenSearch
 * {@link #VERSION} (the tests' own version) and with the runner features in {@link #FEATURES}.
 */
final class YamlSuiteRunner {

    /** The OpenSearch version the server presents itself as for {@code skip.version}: that of the test artifact. */
    static final String VERSION = "3.1.0";

    /** The runner features ({@code skip.features}) this runner supports; a test needing another is skipped. */
    static final Set<String> FEATURES = Set.of("headers", "warnings", "allowed_warnings", "warnings_regex",
            "allowed_warnings_regex", "stash_in_path", "stash_in_key", "contains", "arbitrary_key", "node_selector",
            "default_shards");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUri;
    private final RestApiSpecs specs;

    YamlSuiteRunner(String baseUri, RestApiSpecs specs) {
        this.baseUri = baseUri;
        this.specs = specs;
    }

    /** Every YAML test file of the selected directories, sorted by name; fails if there is none. */
    static List<YamlTestFile> load() {
        List<YamlTestFile> files = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        try {
            for (String directory : TestSelection.DIRECTORIES) {
                for (Resource resource : resolver.getResources("classpath*:rest-api-spec/test/" + directory + "/*.yml")) {
                    String name = directory + "/" + resource.getFilename();
                    try (InputStream in = resource.getInputStream()) {
                        files.add(YamlTestFile.read(name, in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the REST YAML tests", e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no REST YAML tests (rest-api-spec/test/**/*.yml) on the class path");
        }
        files.sort(Comparator.comparing(YamlTestFile::name));
        return files;
    }

    List<TestOutcome> run(List<YamlTestFile> files) {
        cleanUp(); // other tests may share this server: start from no index at all
        List<TestOutcome> outcomes = new ArrayList<>();
        for (YamlTestFile file : files) {
            Optional<String> excluded = TestSelection.exclusion(file);
            Optional<String> setupSkip = skipReason(file.setup());
            for (Map.Entry<String, List<Map<String, Object>>> test : file.tests().entrySet()) {
                Optional<String> skip = excluded.or(() -> setupSkip).or(() -> skipReason(test.getValue()));
                if (skip.isPresent()) {
                    outcomes.add(TestOutcome.skip(file.name(), test.getKey(), skip.get()));
                } else {
                    outcomes.add(runTest(file, test.getKey(), test.getValue()));
                }
            }
        }
        return outcomes;
    }

    private TestOutcome runTest(YamlTestFile file, String name, List<Map<String, Object>> steps) {
        YamlTestExecutor executor = new YamlTestExecutor(client, baseUri, specs);
        try {
            String failure = runSteps(executor, "setup", file.setup());
            if (failure == null) {
                failure = runSteps(executor, "test", steps);
            }
            runSteps(executor, "teardown", file.teardown());
            return failure == null ? TestOutcome.pass(file.name(), name) : TestOutcome.fail(file.name(), name, failure);
        } finally {
            cleanUp();
        }
    }

    /** Null if every step held, else the first failing one: where it is, what it was and why it failed. */
    private static String runSteps(YamlTestExecutor executor, String section, List<Map<String, Object>> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            try {
                executor.execute(step);
            } catch (YamlTestExecutor.StepFailure e) {
                return section + " step " + (i + 1) + " (" + describe(step) + "): " + e.getMessage();
            } catch (RuntimeException e) {
                return section + " step " + (i + 1) + " (" + describe(step) + "): runner error " + e;
            }
        }
        return null;
    }

    /** A step in a few words: {@code do index}, {@code match hits.total}. */
    private static String describe(Map<String, Object> step) {
        Map.Entry<String, Object> entry = step.entrySet().iterator().next();
        if (entry.getValue() instanceof Map<?, ?> map && !map.isEmpty()) {
            String target = map.keySet().stream().map(String::valueOf)
                    .filter(k -> !entry.getKey().equals("do") || !Set.of("catch", "headers", "warnings",
                            "allowed_warnings", "node_selector", "warnings_regex", "allowed_warnings_regex").contains(k))
                    .findFirst().orElse("");
            return entry.getKey() + " " + target;
        }
        return entry.getKey() + " " + entry.getValue();
    }

    /** Why a section is skipped by its leading {@code skip} step (or a {@code node_selector} that excludes us), if it is. */
    static Optional<String> skipReason(List<Map<String, Object>> steps) {
        for (Map<String, Object> step : steps) {
            if (step.get("skip") instanceof Map<?, ?> skip) {
                Object features = skip.get("features");
                List<String> needed = features instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                        : features == null ? List.of() : List.of(String.valueOf(features));
                for (String feature : needed) {
                    if (!FEATURES.contains(feature)) {
                        return Optional.of("runner feature not supported: " + feature);
                    }
                }
                Object version = skip.get("version");
                if (version != null && VersionRange.anyContains(String.valueOf(version), VERSION)) {
                    return Optional.of("skipped by the test for OpenSearch " + VERSION + " (version range)");
                }
            }
            if (step.get("do") instanceof Map<?, ?> call && call.get("node_selector") instanceof Map<?, ?> selector
                    && selector.get("version") != null
                    && !VersionRange.anyContains(String.valueOf(selector.get("version")), VERSION)) {
                return Optional.of("node_selector excludes OpenSearch " + VERSION);
            }
        }
        return Optional.empty();
    }

    /** Deletes every index and ingest pipeline, so that each test starts from an empty server. */
    private void cleanUp() {
        send("DELETE", "/_all?expand_wildcards=all&ignore_unavailable=true");
        send("DELETE", "/_ingest/pipeline/*");
    }

    private void send(String method, String path) {
        try {
            client.send(HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning up after a test failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cleaning up", e);
        }
    }

    /** Elasticsearch's skip version ranges: {@code all}, {@code "1.0.0 - 2.99.99"}, open ends, comma lists. */
    static final class VersionRange {

        private VersionRange() {
        }

        static boolean anyContains(String ranges, String version) {
            for (String range : ranges.split(",")) {
                String trimmed = range.trim();
                if (trimmed.equalsIgnoreCase("all")) {
                    return true;
                }
                int dash = trimmed.indexOf('-');
                if (dash < 0) {
                    if (compare(version, trimmed) == 0) {
                        return true;
                    }
                    continue;
                }
                String lower = trimmed.substring(0, dash).trim();
                String upper = trimmed.substring(dash + 1).trim();
                if ((lower.isEmpty() || compare(version, lower) >= 0) && (upper.isEmpty() || compare(version, upper) <= 0)) {
                    return true;
                }
            }
            return false;
        }

        private static int compare(String a, String b) {
            String[] x = a.split("\\.");
            String[] y = b.split("\\.");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                int left = i < x.length ? Integer.parseInt(x[i].replaceAll("\\D.*", "").isEmpty() ? "0" : x[i].replaceAll("\\D.*", "")) : 0;
                int right = i < y.length ? Integer.parseInt(y[i].replaceAll("\\D.*", "").isEmpty() ? "0" : y[i].replaceAll("\\D.*", "")) : 0;
                if (left != right) {
                    return Integer.compare(left, right);
                }
            }
            return 0;
        }
    }
}
