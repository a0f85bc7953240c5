package dev.infraplatform.search.compat;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published REST API specs ({@code rest-api-spec/api/*.json} on the test class path): for each API
 * name of a YAML test's {@code do} step, its paths (with their parts and methods) and its query
 * parameters. Read once, about 200 small files.
 */
final class RestApiSpecs {

    /** One path of an API: its template, the parts it needs and the methods it accepts. */
    record ApiPath(String template, Set<String> parts, List<String> methods) {
    }

    /** One API: its paths, its query parameters and whether it takes a body. */
    record Api(String name, List<ApiPath> paths, Set<String> params, boolean body) {

        /**
         * The path with the most parts, all of which the call gives, as Elasticsearch's own YAML
         * runner picks it; null if none fits.
         */
        ApiPath pathFor(Set<String> given) {
            return paths.stream().filter(p -> given.containsAll(p.parts()))
                    .max(Comparator.comparingInt(p -> p.parts().size())).orElse(null);
        }

        /** Every part name any path of this API uses. */
        Set<String> allParts() {
            Set<String> parts = new LinkedHashSet<>();
            paths.forEach(p -> parts.addAll(p.parts()));
            return parts;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Api> apis;

    private RestApiSpecs(Map<String, Api> apis) {
        this.apis = apis;
    }

    Api api(String name) {
        return apis.get(name);
    }

    int size() {
        return apis.size();
    }

    /** Reads every {@code rest-api-spec/api/*.json} on the class path; fails if there is none. */
    static RestApiSpecs load() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:rest-api-spec/api/*.json");
            Map<String, Api> apis = new HashMap<>();
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    Map<String, Object> root = JSON.readValue(in, Map.class);
                    root.forEach((name, spec) -> {
                        if (!name.startsWith("_")) {
                            apis.put(name, parse(name, asMap(spec)));
                        }
                    });
                }
            }
            if (apis.isEmpty()) {
                throw new IllegalStateException("no REST API specs (rest-api-spec/api/*.json) on the class path");
            }
            return new RestApiSpecs(apis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the REST API specs", e);
        }
    }

    private static Api parse(String name, Map<String, Object> spec) {
        List<ApiPath> paths = new ArrayList<>();
        Object pathList = asMap(spec.get("url")).get("paths");
        if (pathList instanceof List<?> list) {
            for (Object entry : list) {
                Map<String, Object> path = asMap(entry);
                List<String> methods = ((List<?>) path.get("methods")).stream().map(String::valueOf).toList();
                Set<String> parts = new LinkedHashSet<>(asMap(path.get("parts")).keySet());
                paths.add(new ApiPath((String) path.get("path"), parts, methods));
            }
        }
        Set<String> params = new LinkedHashSet<>(asMap(spec.get("params")).keySet());
        return new Api(name, paths, params, spec.get("body") != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
