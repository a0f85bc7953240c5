package dev.infraplatform.search.compat;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One REST YAML test file: documents separated by {@code ---}, each naming a {@code setup}, a
 * {@code teardown} or a test, whose value is the list of its steps (each a one-key map: {@code do},
 * {@code match}, {@code skip}, …).
 *
 * @param name     the path below {@code rest-api-spec/test/}, e.g. {@code get/10_basic.yml}
 * @param setup    steps run before each test (empty if none)
 * @param teardown steps run after each test (empty if none)
 * @param tests    the tests by name, in file order
 */
record YamlTestFile(String name, List<Map<String, Object>> setup, List<Map<String, Object>> teardown,
                    Map<String, List<Map<String, Object>>> tests) {

    /** The directory of the file below {@code rest-api-spec/test/}, e.g. {@code get}. */
    String directory() {
        return name.substring(0, name.indexOf('/'));
    }

    /** The file name without its directory, e.g. {@code 10_basic.yml}. */
    String fileName() {
        return name.substring(name.indexOf('/') + 1);
    }

    static YamlTestFile read(String name, InputStream in) throws IOException {
        List<Map<String, Object>> setup = List.of();
        List<Map<String, Object>> teardown = List.of();
        Map<String, List<Map<String, Object>>> tests = new LinkedHashMap<>();
        for (Object document : yaml().loadAll(in)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> sections)) {
                throw new IOException(name + ": a document is not a map of sections");
            }
            for (Map.Entry<?, ?> section : sections.entrySet()) {
                List<Map<String, Object>> steps = steps(name, section.getValue());
                switch (String.valueOf(section.getKey())) {
                    case "setup" -> setup = steps;
                    case "teardown" -> teardown = steps;
                    default -> tests.put(String.valueOf(section.getKey()), steps);
                }
            }
        }
        return new YamlTestFile(name, setup, teardown, tests);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(String name, Object value) throws IOException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IOException(name + ": a section is not a list of steps");
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Object step : list) {
            if (!(step instanceof Map<?, ?> map)) {
                throw new IOException(name + ": a step is not a map");
            }
            steps.add((Map<String, Object>) map);
        }
        return steps;
    }

    /**
     * SnakeYAML reading scalars as Jackson's YAML parser (which Elasticsearch's runner uses) does:
     * dates stay strings and only {@code true}/{@code false} are booleans (not YAML 1.1's yes/no/on/off).
     */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new JsonLikeResolver());
    }

    private static final class JsonLikeResolver extends Resolver {

        private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

        @Override
        protected void addImplicitResolvers() {
            // the last argument is the longest scalar checked: numbers of any length are numbers
            addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789", 1024);
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.", 1024);
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
