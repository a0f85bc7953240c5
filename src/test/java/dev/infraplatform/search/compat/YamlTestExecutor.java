package dev.infraplatform.search.compat;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the steps of REST YAML tests against a running server, as Elasticsearch's and OpenSearch's
 * YAML runner does: {@code do} calls an API by name (method and path from the API specs, the other
 * arguments as query parameters), optionally expecting an error ({@code catch}); the assertions
 * ({@code match}, {@code length}, {@code is_true}, {@code is_false}, {@code gt}, {@code gte},
 * {@code lt}, {@code lte}, {@code contains}) read the last response by dotted path; {@code set}
 * stashes a value for later {@code $name} references. One executor per test (the stash is per test);
 * not thread-safe.
 */
final class YamlTestExecutor {

    /** A step that did not hold, with what was expected and found. */
    static final class StepFailure extends Exception {
        StepFailure(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> NDJSON_APIS = Set.of("bulk", "msearch", "msearch_template");
    private static final Set<String> DO_KEYS = Set.of("catch", "headers", "warnings", "allowed_warnings",
            "warnings_regex", "allowed_warnings_regex", "node_selector");
    private static final Pattern STASH_IN_STRING = Pattern.compile("\\$\\{([^}]+)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final HttpClient client;
    private final String baseUri;
    private final RestApiSpecs specs;
    private final Map<String, Object> stash = new HashMap<>();
    private int lastStatus;
    private Object lastBody;
    private boolean lastWasHead;

    YamlTestExecutor(HttpClient client, String baseUri, RestApiSpecs specs) {
        this.client = client;
        this.baseUri = baseUri;
        this.specs = specs;
    }

    /** Runs one step (a one-key map other than {@code skip}). */
    void execute(Map<String, Object> step) throws StepFailure {
        Map.Entry<String, Object> entry = step.entrySet().iterator().next();
        String kind = entry.getKey();
        Object argument = entry.getValue();
        switch (kind) {
            case "do" -> call(asMap(argument));
            case "match" -> forEachAssertion(argument, this::match);
            case "length" -> forEachAssertion(argument, this::length);
            case "is_true" -> isTrue(String.valueOf(argument), true);
            case "is_false" -> isTrue(String.valueOf(argument), false);
            case "gt", "gte", "lt", "lte" -> forEachAssertion(argument, (path, expected) -> compare(kind, path, expected));
            case "set" -> forEachAssertion(argument, (path, name) -> stash.put(String.valueOf(name), evaluate(path)));
            case "contains" -> forEachAssertion(argument, this::contains);
            case "skip" -> {
                // evaluated by the runner before the section starts
            }
            default -> throw new StepFailure("unsupported step [" + kind + "]");
        }
    }

    private interface Assertion {
        void check(String path, Object expected) throws StepFailure;
    }

    private void forEachAssertion(Object argument, Assertion assertion) throws StepFailure {
        for (Map.Entry<String, Object> e : asMap(argument).entrySet()) {
            assertion.check(e.getKey(), e.getValue());
        }
    }

    // ---- do ------------------------------------------------------------------------------------

    private void call(Map<String, Object> spec) throws StepFailure {
        String apiName = null;
        Map<String, Object> arguments = Map.of();
        for (Map.Entry<String, Object> e : spec.entrySet()) {
            if (!DO_KEYS.contains(e.getKey())) {
                if (apiName != null) {
                    throw new StepFailure("do with two APIs: [" + apiName + "] and [" + e.getKey() + "]");
                }
                apiName = e.getKey();
                arguments = e.getValue() == null ? Map.of() : asMap(resolve(e.getValue()));
            }
        }
        String catchSpec = spec.get("catch") == null ? null : String.valueOf(spec.get("catch"));
        RestApiSpecs.Api api = apiName == null ? null : specs.api(apiName);
        if (api == null) {
            throw new StepFailure("unknown API [" + apiName + "]");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        Object body = null;
        Set<Integer> ignored = new LinkedHashSet<>();
        Set<String> allParts = api.allParts();
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            String key = argument.getKey();
            Object value = argument.getValue();
            if (key.equals("body")) {
                body = value;
            } else if (key.equals("ignore")) {
                if (value instanceof List<?> list) {
                    list.forEach(v -> ignored.add(Integer.parseInt(String.valueOf(v))));
                } else {
                    ignored.add(Integer.parseInt(String.valueOf(value)));
                }
            } else if (allParts.contains(key)) {
                String part = parameterValue(value);
                if (!part.isEmpty()) {
                    parts.put(key, part); // an empty list names no part: the path without it is taken
                }
            } else {
                params.put(key, parameterValue(value));
            }
        }
        RestApiSpecs.ApiPath path = api.pathFor(parts.keySet());
        boolean unknownParam = params.keySet().stream().anyMatch(p -> !api.params().contains(p)
                && !Set.of("error_trace", "filter_path", "human", "pretty", "source").contains(p));
        if ("param".equals(catchSpec)) {
            if (path == null || unknownParam) {
                lastStatus = 0;
                return;
            }
            throw new StepFailure("expected a client-side parameter error from [" + apiName + "] but the call is valid");
        }
        if (path == null) {
            throw new StepFailure("no path of [" + apiName + "] fits the parts " + parts.keySet());
        }
        String method = method(api, path, body != null);
        StringBuilder uri = new StringBuilder(baseUri);
        String template = path.template();
        for (Map.Entry<String, String> part : parts.entrySet()) {
            template = template.replace("{" + part.getKey() + "}", encode(part.getValue()));
        }
        // parts the chosen path does not use are query parameters, as in Elasticsearch's runner
        parts.forEach((name, value) -> {
            if (!path.parts().contains(name)) {
                params.put(name, value);
            }
        });
        uri.append(template);
        char separator = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(30));
        String contentType = NDJSON_APIS.contains(apiName) ? "application/x-ndjson" : "application/json";
        Map<String, Object> headers = spec.get("headers") == null ? Map.of() : asMap(resolve(spec.get("headers")));
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = String.valueOf(header.getValue());
            } else {
                request.header(header.getKey(), String.valueOf(header.getValue()));
            }
        }
        if (body != null) {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(encodeBody(apiName, body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new StepFailure(method + " " + template + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted");
        }
        lastStatus = response.statusCode();
        lastWasHead = method.equals("HEAD");
        lastBody = parseBody(response);
        String call = method + " " + template + (params.isEmpty() ? "" : "?" + String.join("&", params.keySet()));
        checkStatus(catchSpec, ignored, call, new String(response.body(), StandardCharsets.UTF_8));
    }

    private void checkStatus(String catchSpec, Set<Integer> ignored, String call, String responseText) throws StepFailure {
        boolean error = lastStatus >= 400 && !(lastWasHead && lastStatus == 404);
        if (catchSpec == null) {
            if (error && !ignored.contains(lastStatus)) {
                throw new StepFailure(call + " answered " + lastStatus + ": " + abbreviate(responseText));
            }
            return;
        }
        if (!error) {
            throw new StepFailure(call + " answered " + lastStatus + ", expected an error [" + catchSpec + "]");
        }
        boolean caught = switch (catchSpec) {
            case "bad_request" -> lastStatus == 400;
            case "unauthorized" -> lastStatus == 401;
            case "forbidden" -> lastStatus == 403;
            case "missing" -> lastStatus == 404;
            case "request_timeout" -> lastStatus == 408;
            case "conflict" -> lastStatus == 409;
            case "unavailable" -> lastStatus == 503;
            case "request" -> !Set.of(400, 401, 403, 404, 408, 409).contains(lastStatus);
            default -> {
                if (catchSpec.length() > 1 && catchSpec.startsWith("/") && catchSpec.endsWith("/")) {
                    yield Pattern.compile(catchSpec.substring(1, catchSpec.length() - 1)).matcher(responseText).find();
                }
                throw new StepFailure("unknown catch [" + catchSpec + "]");
            }
        };
        if (!caught) {
            throw new StepFailure(call + " answered " + lastStatus + ", expected [" + catchSpec + "]: "
                    + abbreviate(responseText));
        }
    }

    /** With a body: POST if the path takes it, else PUT, else its first method; without: its first method. */
    private static String method(RestApiSpecs.Api api, RestApiSpecs.ApiPath path, boolean body) {
        List<String> methods = path.methods();
        if (body) {
            if (methods.contains("POST")) {
                return "POST";
            }
            if (methods.contains("PUT")) {
                return "PUT";
            }
        }
        return methods.getFirst();
    }

    private static byte[] encodeBody(String apiName, Object body) {
        if (body instanceof String text) {
            String content = NDJSON_APIS.contains(apiName) && !text.endsWith("\n") ? text + "\n" : text;
            return content.getBytes(StandardCharsets.UTF_8);
        }
        if (NDJSON_APIS.contains(apiName) && body instanceof List<?> lines) {
            StringBuilder ndjson = new StringBuilder();
            for (Object line : lines) {
                ndjson.append(line instanceof String s ? s : JSON.writeValueAsString(line)).append('\n');
            }
            return ndjson.toString().getBytes(StandardCharsets.UTF_8);
        }
        return JSON.writeValueAsBytes(body);
    }

    private static Object parseBody(HttpResponse<byte[]> response) {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (contentType.contains("json")) {
            try {
                return JSON.readValue(bytes, Object.class);
            } catch (JacksonException e) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String parameterValue(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** Percent-encodes all but unreserved characters, commas and wildcards (which Elasticsearch reads as lists and patterns). */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~,*".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    // ---- assertions ------------------------------------------------------------------------------

    private void match(String path, Object expected) throws StepFailure {
        Object actual = evaluate(path);
        Object want = resolve(expected);
        if (want instanceof String s && s.length() > 1 && s.startsWith("/") && s.strip().endsWith("/")) {
            String regex = s.strip();
            regex = regex.substring(1, regex.length() - 1);
            if (actual == null || !Pattern.compile(regex, Pattern.COMMENTS).matcher(String.valueOf(actual)).find()) {
                throw new StepFailure("match [" + path + "]: expected to match /" + abbreviate(regex) + "/ but was ["
                        + abbreviate(String.valueOf(actual)) + "]");
            }
            return;
        }
        if (!sameValue(want, actual)) {
            throw new StepFailure("match [" + path + "]: expected [" + abbreviate(String.valueOf(want)) + "] but was ["
                    + abbreviate(String.valueOf(actual)) + "]");
        }
    }

    private void length(String path, Object expected) throws StepFailure {
        Object actual = evaluate(path);
        int size;
        if (actual instanceof Map<?, ?> map) {
            size = map.size();
        } else if (actual instanceof List<?> list) {
            size = list.size();
        } else if (actual instanceof String string) {
            size = string.length();
        } else {
            throw new StepFailure("length [" + path + "]: not an object, array or string: [" + abbreviate(String.valueOf(actual)) + "]");
        }
        Object want = resolve(expected);
        if (!(want instanceof Number number) || number.intValue() != size) {
            throw new StepFailure("length [" + path + "]: expected [" + want + "] but was [" + size + "]");
        }
    }

    private void isTrue(String path, boolean expectTrue) throws StepFailure {
        Object actual = evaluate(path);
        boolean truthy = actual != null && !actual.equals("") && !Boolean.FALSE.equals(actual)
                && !"false".equals(String.valueOf(actual)) && !"0".equals(String.valueOf(actual));
        if (truthy != expectTrue) {
            throw new StepFailure((expectTrue ? "is_true" : "is_false") + " [" + path + "]: was ["
                    + abbreviate(String.valueOf(actual)) + "]");
        }
    }

    private void compare(String kind, String path, Object expected) throws StepFailure {
        Object actual = evaluate(path);
        Object want = resolve(expected);
        int order;
        if (actual instanceof Number a && want instanceof Number b) {
            order = decimal(a).compareTo(decimal(b));
        } else if (actual instanceof String a && want != null) {
            order = a.compareTo(String.valueOf(want));
        } else {
            throw new StepFailure(kind + " [" + path + "]: cannot compare [" + actual + "] with [" + want + "]");
        }
        boolean holds = switch (kind) {
            case "gt" -> order > 0;
            case "gte" -> order >= 0;
            case "lt" -> order < 0;
            default -> order <= 0;
        };
        if (!holds) {
            throw new StepFailure(kind + " [" + path + "]: [" + actual + "] is not " + kind + " [" + want + "]");
        }
    }

    private void contains(String path, Object expected) throws StepFailure {
        Object actual = evaluate(path);
        Object want = resolve(expected);
        if (!(actual instanceof List<?> list)) {
            throw new StepFailure("contains [" + path + "]: not an array: [" + abbreviate(String.valueOf(actual)) + "]");
        }
        for (Object item : list) {
            if (want instanceof Map<?, ?> wanted && item instanceof Map<?, ?> map) {
                if (wanted.entrySet().stream().allMatch(e -> sameValue(e.getValue(), map.get(e.getKey())))) {
                    return;
                }
            } else if (sameValue(want, item)) {
                return;
            }
        }
        throw new StepFailure("contains [" + path + "]: [" + abbreviate(String.valueOf(want)) + "] not in ["
                + abbreviate(String.valueOf(actual)) + "]");
    }

    /** Equal as Elasticsearch's runner sees it: numbers by value (1 equals 1.0), maps and lists deeply. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number a && actual instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : a.entrySet()) {
                if (!b.containsKey(String.valueOf(e.getKey())) || !sameValue(e.getValue(), b.get(String.valueOf(e.getKey())))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> a && actual instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual) || (expected instanceof String && actual instanceof String
                && expected.toString().equals(actual.toString()));
    }

    private static BigDecimal decimal(Number number) {
        if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return BigDecimal.valueOf(Double.MAX_VALUE);
        }
        return new BigDecimal(number.toString());
    }

    // ---- paths and the stash -----------------------------------------------------------------------

    /** The last response's value at a dotted path ({@code \.} escapes a dot); {@code $body} or "" is the whole body. */
    Object evaluate(String path) {
        String resolvedPath = String.valueOf(resolve(path));
        if (resolvedPath.equals("$body") || resolvedPath.isEmpty()) {
            if (resolvedPath.isEmpty() && lastBody == null && lastWasHead) {
                return lastStatus == 200;
            }
            return lastBody;
        }
        Object current = lastBody;
        for (String part : splitPath(resolvedPath)) {
            if (current instanceof Map<?, ?> map) {
                if (part.equals("_arbitrary_key_")) {
                    current = map.isEmpty() ? null : map.keySet().iterator().next();
                } else {
                    current = map.get(part);
                }
            } else if (current instanceof List<?> list) {
                try {
                    int index = Integer.parseInt(part);
                    current = index >= 0 && index < list.size() ? list.get(index) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return current;
    }

    private static List<String> splitPath(String path) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '.') {
                part.append('.');
                i++;
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** Replaces stash references ({@code $name}, {@code ${name}}) in a value, its map keys and its strings. */
    Object resolve(Object value) {
        if (value instanceof String text) {
            if (text.equals("$body")) {
                return lastBody;
            }
            if (text.startsWith("$") && stash.containsKey(text.substring(1))) {
                return stash.get(text.substring(1));
            }
            if (text.startsWith("${") && text.endsWith("}") && stash.containsKey(text.substring(2, text.length() - 1))) {
                return stash.get(text.substring(2, text.length() - 1));
            }
            if (text.indexOf('$') < 0) {
                return text;
            }
            Matcher matcher = STASH_IN_STRING.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                String replacement = stash.containsKey(name) ? String.valueOf(stash.get(name)) : matcher.group();
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put(String.valueOf(resolve(String.valueOf(k))), resolve(v)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(v -> resolved.add(resolve(v)));
            return resolved;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return Map.of();
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
