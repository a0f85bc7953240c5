package dev.infraplatform.search.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one index, as Elasticsearch names them below {@code index.}: {@code number_of_shards}
 * (fixed at creation, default 1), {@code number_of_replicas} (default 1; on one node replicas stay
 * unassigned and the index is yellow, as in Elasticsearch) and {@code refresh_interval} (default 1s,
 * {@code -1} turns periodic refresh off). {@link #explicit()} keeps the settings as the user gave
 * them, so that GET shows {@code refresh_interval} only when it was set, as Elasticsearch does.
 *
 * <p>{@link #analysis()} is the {@code index.analysis} object (analyzers, tokenizers, filters, char
 * filters) as given, in JSON form; it is checked when the index is created (see
 * {@code analysis.IndexAnalyzers}) and persisted with the other settings.
 */
public record IndexSettings(int numberOfShards, int numberOfReplicas, Duration refreshInterval,
                            Map<String, String> explicit, Map<String, Object> analysis) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SEARCH_IDLE_AFTER = Duration.ofSeconds(30);
    public static final int MAX_SHARDS = 1024;

    /**
     * The per-index limits Elasticsearch has (default, minimum), kept as given and checked as
     * integers. Search enforces the window, doc-value, script-field and terms limits; the others are
     * accepted and stored so that requests written for Elasticsearch create their indexes unchanged.
     */
    private static final Map<String, int[]> LIMITS = Map.ofEntries(
            Map.entry("max_result_window", new int[] {SearchHits.MAX_RESULT_WINDOW, 1}),
            Map.entry("max_inner_result_window", new int[] {100, 1}),
            Map.entry("max_rescore_window", new int[] {SearchHits.MAX_RESULT_WINDOW, 1}),
            Map.entry("max_docvalue_fields_search", new int[] {100, 0}),
            Map.entry("max_script_fields", new int[] {32, 0}),
            Map.entry("max_terms_count", new int[] {65_536, 1}),
            Map.entry("max_regex_length", new int[] {1000, 1}),
            Map.entry("max_ngram_diff", new int[] {1, 0}),
            Map.entry("max_shingle_diff", new int[] {3, 0}),
            Map.entry("max_refresh_listeners", new int[] {1000, 0}),
            Map.entry("max_slices_per_scroll", new int[] {1024, 1}),
            Map.entry("highlight.max_analyzed_offset", new int[] {1_000_000, 1}),
            Map.entry("mapping.total_fields.limit", new int[] {1000, 0}),
            Map.entry("mapping.depth.limit", new int[] {20, 1}),
            Map.entry("mapping.nested_fields.limit", new int[] {50, 0}),
            Map.entry("mapping.nested_objects.limit", new int[] {10_000, 0}),
            Map.entry("mapping.field_name_length.limit", new int[] {Integer.MAX_VALUE, 1}));

    private static final Set<String> KNOWN = known();
    /** The settings fixed when an index is created, as Elasticsearch's non-dynamic ones (with the analysis). */
    private static final Set<String> STATIC = Set.of("number_of_shards", "number_of_routing_shards");
    private static final Pattern TIME = Pattern.compile("(\\d+)(nanos|micros|ms|s|m|h|d)?");

    public IndexSettings {
        explicit = Map.copyOf(explicit);
        analysis = frozen(analysis);
    }

    /** Defaults only. */
    public static IndexSettings defaults() {
        return parse(Map.of());
    }

    /**
     * Settings from a create-index request's {@code settings} object, flattened to dotted keys
     * with or without the {@code index.} prefix ({@code {"index": {"number_of_shards": 3}}},
     * {@code {"number_of_shards": "3"}} and {@code {"index.number_of_shards": 3}} are the same).
     * The {@code analysis} object is kept whole, also when given in dotted keys
     * ({@code "index.analysis.analyzer.my.type": "english"}).
     *
     * @throws IllegalSearchArgumentException on an unknown setting or an invalid value
     */
    public static IndexSettings parse(Map<String, ?> settings) {
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, Object> analysis = new LinkedHashMap<>();
        flatten("", settings, flat, analysis);
        Map<String, String> explicit = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            String name = withoutPrefix(key);
            if (!KNOWN.contains(name)) {
                throw new IllegalSearchArgumentException("unknown setting [index." + name
                        + "] please check that any required plugins are installed, or check the breaking changes "
                        + "documentation for removed settings");
            }
            explicit.put(name, value);
        });
        LIMITS.forEach((name, bounds) -> intSetting(explicit, name, bounds[0], bounds[1], Integer.MAX_VALUE));
        int shards = intSetting(explicit, "number_of_shards", 1, 1, MAX_SHARDS);
        int replicas = intSetting(explicit, "number_of_replicas", 1, 0, Integer.MAX_VALUE);
        int routingShards = intSetting(explicit, "number_of_routing_shards", shards, shards, Integer.MAX_VALUE);
        if (routingShards % shards != 0) {
            throw new IllegalSearchArgumentException("the number of source shards [" + shards + "] must be a factor of ["
                    + routingShards + "]");
        }
        for (IndexBlock block : IndexBlock.values()) {
            checkBoolean(explicit.get(block.setting()));
        }
        checkBoolean(explicit.get("hidden"));
        if (explicit.containsKey("search.idle.after")) {
            parseTime("index.search.idle.after", explicit.get("search.idle.after"));
        }
        Duration refresh = explicit.containsKey("refresh_interval")
                ? parseTime("index.refresh_interval", explicit.get("refresh_interval")) : DEFAULT_REFRESH_INTERVAL;
        return new IndexSettings(shards, replicas, refresh, explicit, analysis);
    }

    /**
     * These settings with the changes of an update-settings request ({@code PUT /{index}/_settings})
     * applied, flattened as {@link #parse} reads a create request's; a {@code null} value resets a
     * setting to its default. The settings fixed at creation ({@code number_of_shards},
     * {@code number_of_routing_shards}) cannot change; the analysis can only while the index is
     * closed, as in Elasticsearch (its objects merge into the analysis there is, key by key, and a
     * {@code null} removes one).
     *
     * @param target           the index as {@code name/uuid}, for the error message
     * @param closed           whether the index is closed
     * @param preserveExisting Elasticsearch's {@code preserve_existing}: only settings not set yet
     *                         change (the number of shards and replicas always are), and the
     *                         analysis keeps what it has
     * @throws IllegalSearchArgumentException on an unknown, invalid or fixed setting, before any change
     */
    public IndexSettings update(Map<String, ?> changes, String target, boolean closed, boolean preserveExisting) {
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, Object> updatedAnalysis = closed ? thawed(preserveExisting ? Map.of() : analysis) : null;
        flattenUpdate("", changes, flat, updatedAnalysis);
        if (preserveExisting) {
            flat.keySet().removeIf(key -> explicit.containsKey(withoutPrefix(key))
                    || withoutPrefix(key).equals("number_of_shards") || withoutPrefix(key).equals("number_of_replicas"));
            if (updatedAnalysis != null) {
                updatedAnalysis = keepingExisting(thawed(analysis), updatedAnalysis);
            }
        }
        Map<String, Object> updated = new LinkedHashMap<>(explicit);
        updated.put("number_of_shards", Integer.toString(numberOfShards));
        updated.put("number_of_replicas", Integer.toString(numberOfReplicas));
        List<String> fixed = new ArrayList<>();
        flat.forEach((key, value) -> {
            String name = withoutPrefix(key);
            if (isAnalysis(name) || STATIC.contains(name)) {
                fixed.add("index." + name);
            } else if (!KNOWN.contains(name)) {
                throw new IllegalSearchArgumentException("unknown setting [index." + name
                        + "] please check that any required plugins are installed, or check the breaking changes "
                        + "documentation for removed settings");
            } else if (value == null) {
                updated.remove(name);
            } else {
                updated.put(name, value);
            }
        });
        if (!fixed.isEmpty()) {
            throw new IllegalSearchArgumentException("Can't update non dynamic settings " + fixed + " for open indices [["
                    + target + "]]");
        }
        Map<String, Object> newAnalysis = updatedAnalysis != null ? updatedAnalysis : analysis;
        if (!newAnalysis.isEmpty()) {
            updated.put("analysis", newAnalysis);
        }
        return parse(updated);
    }

    /** Whether an update changes index blocks ({@code index.blocks.*}) only. */
    static boolean onlyBlocks(Map<String, ?> changes) {
        Map<String, String> flat = new LinkedHashMap<>();
        flattenUpdate("", changes, flat, null);
        return !flat.isEmpty() && flat.keySet().stream().allMatch(key -> withoutPrefix(key).startsWith("blocks."));
    }

    private static void checkBoolean(String value) {
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] as only [true] or "
                    + "[false] are allowed.");
        }
    }

    /**
     * {@code index.hidden}: patterns ({@code *}, {@code logs-*}, {@code _all}) leave the index out
     * unless {@code expand_wildcards} asks for hidden ones (default false).
     */
    public boolean hidden() {
        return Boolean.parseBoolean(explicit.get("hidden"));
    }

    /** A setting's name without its optional {@code index.} prefix. */
    private static String withoutPrefix(String key) {
        return key.startsWith("index.") ? key.substring("index.".length()) : key;
    }

    private static boolean isAnalysis(String setting) {
        return setting.equals("analysis") || setting.startsWith("analysis.");
    }

    /**
     * Dotted keys of an update, {@code null} values kept (they reset a setting); the analysis goes
     * into {@code analysis} when that is given (a closed index's), else it is flattened like the rest.
     */
    @SuppressWarnings("unchecked")
    private static void flattenUpdate(String prefix, Map<String, ?> map, Map<String, String> into,
                                      Map<String, Object> analysis) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            String setting = withoutPrefix(name);
            if (analysis != null && isAnalysis(setting)) {
                if (value == null) {
                    removeAnalysis(analysis, setting);
                } else {
                    putAnalysis(analysis, setting, value);
                }
            } else if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flattenUpdate(name, (Map<String, ?>) nested, into, analysis);
            } else {
                into.put(name, value == null ? null : value.toString());
            }
        });
    }

    /** Removes the value of {@code analysis…} at its path, if there is one ({@code analysis} alone: all). */
    @SuppressWarnings("unchecked")
    private static void removeAnalysis(Map<String, Object> analysis, String setting) {
        String[] path = setting.split("\\.");
        if (path.length == 1) {
            analysis.clear();
            return;
        }
        Map<String, Object> node = analysis;
        for (int i = 1; i < path.length - 1 && node != null; i++) {
            node = node.get(path[i]) instanceof Map<?, ?> child ? (Map<String, Object>) child : null;
        }
        if (node != null) {
            node.remove(path[path.length - 1]);
        }
    }

    /** {@code existing} with what {@code added} has and it has not, object by object (existing values win). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> keepingExisting(Map<String, Object> existing, Map<String, Object> added) {
        added.forEach((key, value) -> {
            Object current = existing.get(key);
            if (current == null) {
                existing.put(key, value);
            } else if (current instanceof Map<?, ?> currentObject && value instanceof Map<?, ?> addedObject) {
                keepingExisting((Map<String, Object>) currentObject, (Map<String, Object>) addedObject);
            }
        });
        return existing;
    }

    /** A deep, modifiable copy of a JSON object (its lists are kept: they are replaced, never changed). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> thawed(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> nested
                ? thawed((Map<String, Object>) nested) : value));
        return copy;
    }

    /**
     * {@code index.number_of_routing_shards}: the hash space documents are routed in, as given, else
     * Elasticsearch's default for the number of shards.
     */
    public int routingNumShards() {
        String value = explicit.get("number_of_routing_shards");
        return value != null ? Integer.parseInt(value) : ShardRouting.defaultRoutingNumShards(numberOfShards);
    }

    /** {@code index.max_result_window}: the largest {@code from + size} a search may ask for (default 10,000). */
    public int maxResultWindow() {
        return limit("max_result_window");
    }

    /**
     * {@code index.max_rescore_window}: the largest {@code rescore} window (default: the
     * {@code max_result_window}).
     */
    public int maxRescoreWindow() {
        return explicit.containsKey("max_rescore_window") ? limit("max_rescore_window") : maxResultWindow();
    }

    /** {@code index.max_docvalue_fields_search}: how many {@code docvalue_fields} a search may ask for (default 100). */
    public int maxDocvalueFieldsSearch() {
        return limit("max_docvalue_fields_search");
    }

    /** {@code index.max_script_fields}: how many {@code script_fields} a search may ask for (default 32). */
    public int maxScriptFields() {
        return limit("max_script_fields");
    }

    /** {@code index.max_terms_count}: how many values a {@code terms} query may hold (default 65,536). */
    public int maxTermsCount() {
        return limit("max_terms_count");
    }

    /** {@code index.max_regex_length}: the longest {@code regexp} a query may hold (default 1,000). */
    public int maxRegexLength() {
        return limit("max_regex_length");
    }

    /** A limit of {@link #LIMITS}: its explicit value (checked by {@link #parse}) or its default. */
    private int limit(String name) {
        String value = explicit.get(name);
        return value != null ? Integer.parseInt(value) : LIMITS.get(name)[0];
    }

    private static Set<String> known() {
        Set<String> known = new java.util.HashSet<>(LIMITS.keySet());
        known.addAll(Set.of("number_of_shards", "number_of_replicas", "refresh_interval", "number_of_routing_shards",
                "search.idle.after", "hidden"));
        for (IndexBlock block : IndexBlock.values()) {
            known.add(block.setting());
        }
        return Set.copyOf(known);
    }

    /**
     * Whether periodic refreshes pause while no search reads the index, as in Elasticsearch: only
     * when {@code refresh_interval} was not set explicitly.
     */
    public boolean refreshPausesWhenSearchIdle() {
        return !explicit.containsKey("refresh_interval");
    }

    /** {@code index.search.idle.after}: how long without a search makes the index search-idle (default 30s). */
    public Duration searchIdleAfter() {
        String value = explicit.get("search.idle.after");
        return value != null ? parseTime("index.search.idle.after", value) : DEFAULT_SEARCH_IDLE_AFTER;
    }

    /** The index blocks set ({@code index.blocks.*: true}). */
    public List<IndexBlock> blocks() {
        List<IndexBlock> set = new ArrayList<>();
        for (IndexBlock block : IndexBlock.values()) {
            if ("true".equals(explicit.get(block.setting()))) {
                set.add(block);
            }
        }
        return set;
    }

    /** Whether periodic refresh is off ({@code refresh_interval: -1}). */
    public boolean refreshDisabled() {
        return refreshInterval.isNegative();
    }

    /**
     * The settings to write back to metadata: the explicit ones plus the shard and replica counts,
     * and the {@code analysis} object if there is one.
     */
    public Map<String, Object> persisted() {
        Map<String, Object> values = new LinkedHashMap<>(explicit);
        values.put("number_of_shards", Integer.toString(numberOfShards));
        values.put("number_of_replicas", Integer.toString(numberOfReplicas));
        if (!analysis.isEmpty()) {
            values.put("analysis", analysis);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> map, Map<String, String> into,
                                Map<String, Object> analysis) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            String setting = withoutPrefix(name);
            if (isAnalysis(setting)) {
                if (value != null) {
                    putAnalysis(analysis, setting, value);
                }
            } else if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, ?>) nested, into, analysis);
            } else if (value != null) {
                into.put(name, value.toString());
            }
        });
    }

    /** Puts a value of {@code analysis…} at its path in the analysis object, merging objects. */
    @SuppressWarnings("unchecked")
    private static void putAnalysis(Map<String, Object> analysis, String setting, Object value) {
        String[] path = setting.split("\\.");
        if (path.length == 1) {
            if (!(value instanceof Map<?, ?> object)) {
                throw new IllegalSearchArgumentException("[index.analysis] must be an object");
            }
            ((Map<String, Object>) object).forEach((key, nested) -> {
                if (nested != null) {
                    putAnalysis(analysis, "analysis." + key, nested);
                }
            });
            return;
        }
        Map<String, Object> node = analysis;
        for (int i = 1; i < path.length - 1; i++) {
            Object child = node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map<?, ?>)) {
                throw new IllegalSearchArgumentException("[index." + setting + "] conflicts with a value set at ["
                        + path[i] + "]");
            }
            node = (Map<String, Object>) child;
        }
        String last = path[path.length - 1];
        if (value instanceof Map<?, ?> object) {
            if (!(node.get(last) instanceof Map<?, ?>)) {
                node.put(last, new LinkedHashMap<String, Object>());
            }
            ((Map<String, Object>) object).forEach((key, nested) -> {
                if (nested != null) {
                    putAnalysis(analysis, setting + "." + key, nested);
                }
            });
        } else {
            node.put(last, value);
        }
    }

    /** A deep, unmodifiable copy of a JSON value, keeping the order of object members. */
    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, nested) -> copy.put(String.valueOf(key), frozen(nested)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static int intSetting(Map<String, String> settings, String name, int defaultValue, int min, int max) {
        String value = settings.get(name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] for setting [index."
                    + name + "]");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] for setting [index."
                    + name + "] must be >= " + min + (max == Integer.MAX_VALUE ? "" : " and <= " + max));
        }
        return parsed;
    }

    /** Elasticsearch's time values: {@code -1}, {@code 0}, or a number with a unit (nanos … d). */
    static Duration parseTime(String setting, String value) {
        if ("-1".equals(value)) {
            return Duration.ofMillis(-1);
        }
        Matcher m = TIME.matcher(value.trim());
        if (!m.matches() || (m.group(2) == null && !"0".equals(m.group(1)))) {
            throw new IllegalSearchArgumentException("failed to parse setting [" + setting + "] with value ["
                    + value + "] as a time value: unit is missing or unrecognized");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "nanos" -> Duration.ofNanos(amount);
            case "micros" -> Duration.ofNanos(amount * 1000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
