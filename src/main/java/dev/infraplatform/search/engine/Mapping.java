package dev.infraplatform.search.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An index's mapping: a tree of objects whose leaves are typed fields, as Elasticsearch's
 * {@code mappings.properties}. Immutable: {@link #merge} returns a new mapping, so a reader always
 * sees a whole one. Properties are kept sorted by name, as Elasticsearch renders them.
 *
 * <p>{@code dynamic} is {@code true} (unmapped fields are mapped from their first value),
 * {@code false} (they are kept in {@code _source} only) or {@code strict} (a document with one is refused).
 */
public record Mapping(String dynamic, ObjectMapping root, boolean sourceEnabled, List<DynamicTemplate> dynamicTemplates) {

    /** A mapping that stores {@code _source} and has no dynamic templates. */
    public Mapping(String dynamic, ObjectMapping root) {
        this(dynamic, root, true, List.of());
    }

    /** A node of the tree. */
    public sealed interface Mapper permits FieldMapping, ObjectMapping {
    }

    /**
     * A leaf field.
     *
     * @param ignoreAbove keyword values longer than this are not indexed ({@code null}: no limit)
     * @param format date format ({@code null}: {@link DateFormat#DEFAULT})
     * @param fields multi-fields: the same value indexed again as {@code <path>.<name>}
     * @param analyzer the analyzer a text field is indexed with ({@code null}: the index's default)
     * @param searchAnalyzer the analyzer queries on a text field use ({@code null}: {@code analyzer}
     *     if set, else the index's default search analyzer)
     * @param options the other parameters ({@code index}, {@code doc_values}, {@code store}, …)
     */
    public record FieldMapping(FieldType type, Integer ignoreAbove, String format, Map<String, FieldMapping> fields,
                               String analyzer, String searchAnalyzer, FieldOptions options)
            implements Mapper {

        public FieldMapping {
            fields = Map.copyOf(fields);
            options = options == null ? FieldOptions.DEFAULTS : options;
        }

        public FieldMapping(FieldType type, Integer ignoreAbove, String format, Map<String, FieldMapping> fields,
                            String analyzer, String searchAnalyzer) {
            this(type, ignoreAbove, format, fields, analyzer, searchAnalyzer, FieldOptions.DEFAULTS);
        }

        /** A field with the index's default analyzers. */
        public FieldMapping(FieldType type, Integer ignoreAbove, String format, Map<String, FieldMapping> fields) {
            this(type, ignoreAbove, format, fields, null, null);
        }

        public static FieldMapping of(FieldType type) {
            return new FieldMapping(type, null, null, Map.of());
        }

        /** What dynamic mapping makes of a string: text with a {@code keyword} subfield, ignore_above 256. */
        public static FieldMapping dynamicText() {
            return new FieldMapping(FieldType.TEXT, null, null,
                    Map.of("keyword", new FieldMapping(FieldType.KEYWORD, 256, null, Map.of())));
        }

        public DateFormat dateFormat() {
            return DateFormat.of(format);
        }

        /** Whether the field's values are indexed for search ({@code index}, true by default). */
        public boolean indexed() {
            return options.index() == null || options.index();
        }

        /** Whether the field has doc values for sorting and aggregations ({@code doc_values}; binary: false by default). */
        public boolean hasDocValues() {
            return options.docValues() == null ? type.docValuesByDefault() : options.docValues();
        }
    }

    /**
     * A field's further parameters, {@code null} where the mapping does not set them (and
     * Elasticsearch's default applies); rendered back only when set.
     *
     * @param index whether values are searchable ({@code index})
     * @param docValues whether values have doc values ({@code doc_values})
     * @param store whether values are stored apart from {@code _source} ({@code store}; accepted, kept in the mapping)
     * @param nullValue the value indexed in place of an explicit {@code null} ({@code null_value})
     * @param copyTo fields the value is indexed into as well ({@code copy_to})
     * @param ignoreMalformed whether a value that does not fit the type is skipped rather than refused
     * @param coerce whether strings and decimals are converted to the numeric type ({@code coerce})
     * @param scalingFactor a {@code scaled_float}'s {@code scaling_factor}
     */
    public record FieldOptions(Boolean index, Boolean docValues, Boolean store, Object nullValue,
                               List<String> copyTo, Boolean ignoreMalformed, Boolean coerce, Double scalingFactor) {

        public static final FieldOptions DEFAULTS = new FieldOptions(null, null, null, null, List.of(), null, null,
                null);

        public FieldOptions {
            copyTo = copyTo == null ? List.of() : List.copyOf(copyTo);
        }
    }

    /** An object: named properties. */
    public record ObjectMapping(Map<String, Mapper> properties) implements Mapper {

        public ObjectMapping {
            properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
        }
    }

    private static final Set<String> DYNAMIC = Set.of("true", "false", "strict", "strict_allow_templates");
    private static final Set<String> FIELD_PARAMETERS = Set.of("type", "fields", "ignore_above", "format", "analyzer",
            "search_analyzer", "index", "doc_values", "store", "null_value", "copy_to", "ignore_malformed", "coerce",
            "scaling_factor");

    public Mapping {
        if (!DYNAMIC.contains(dynamic)) {
            throw new MapperParsingException("Could not convert [dynamic] to boolean or strict: [" + dynamic + "]");
        }
        dynamicTemplates = List.copyOf(dynamicTemplates);
    }

    public static Mapping empty() {
        return new Mapping("true", new ObjectMapping(Map.of()));
    }

    /**
     * Parses a {@code mappings} object: {@code {"dynamic": …, "properties": {…}}}. Dotted property
     * names ({@code "a.b"}) become objects, as in Elasticsearch.
     *
     * @throws MapperParsingException on an unknown type or parameter
     */
    public static Mapping parse(Map<String, Object> body) {
        String dynamic = "true";
        ObjectMapping root = new ObjectMapping(Map.of());
        boolean sourceEnabled = true;
        List<DynamicTemplate> templates = List.of();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            switch (entry.getKey()) {
                case "dynamic" -> dynamic = String.valueOf(entry.getValue());
                case "properties" -> root = parseProperties("", asMap(entry.getValue(), "properties"));
                case "_source" -> sourceEnabled = parseSource(asMap(entry.getValue(), "_source"));
                case "dynamic_templates" -> templates = DynamicTemplate.parseAll(entry.getValue());
                default -> throw new MapperParsingException("Root mapping definition has unsupported parameters:  ["
                        + entry.getKey() + " : " + entry.getValue() + "]");
            }
        }
        return new Mapping(dynamic, root, sourceEnabled, templates);
    }

    /** {@code _source: {"enabled": …}}: whether documents' sources are kept. */
    private static boolean parseSource(Map<String, Object> source) {
        boolean enabled = true;
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            if (!entry.getKey().equals("enabled")) {
                throw new MapperParsingException("unknown parameter [" + entry.getKey() + "] on metadata field [_source]");
            }
            enabled = booleanParameter(entry.getValue(), "_source", "enabled");
        }
        return enabled;
    }

    private static ObjectMapping parseProperties(String prefix, Map<String, Object> properties) {
        ObjectMapping result = new ObjectMapping(Map.of());
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            String name = entry.getKey();
            if (name.isBlank()) {
                throw new IllegalSearchArgumentException("field name cannot be an empty string");
            }
            if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new MapperParsingException("field name cannot be an empty string");
            }
            Mapper mapper = parseMapper(prefix + name, asMap(entry.getValue(), prefix + name));
            String[] parts = name.split("\\.");
            for (int i = parts.length - 1; i > 0; i--) {
                mapper = new ObjectMapping(Map.of(parts[i], mapper));
            }
            result = mergeObject("", result, new ObjectMapping(Map.of(parts[0], mapper)));
        }
        return result;
    }

    static Mapper parseMapper(String path, Map<String, Object> definition) {
        Object type = definition.get("type");
        if (type == null || "object".equals(type)) {
            for (String key : definition.keySet()) {
                if (!key.equals("type") && !key.equals("properties")) {
                    throw new MapperParsingException("unknown parameter [" + key + "] on mapper [" + path
                            + "] of type [object]");
                }
            }
            Object properties = definition.get("properties");
            return properties == null ? new ObjectMapping(Map.of())
                    : parseProperties(path + ".", asMap(properties, path));
        }
        FieldType fieldType = FieldType.of(type.toString());
        if (fieldType == null) {
            throw new MapperParsingException("No handler for type [" + type + "] declared on field [" + path + "]");
        }
        for (String key : definition.keySet()) {
            if (!FIELD_PARAMETERS.contains(key)) {
                throw new MapperParsingException("unknown parameter [" + key + "] on mapper [" + path + "] of type ["
                        + type + "]");
            }
        }
        Integer ignoreAbove = null;
        if (definition.containsKey("ignore_above")) {
            if (fieldType != FieldType.KEYWORD) {
                throw new MapperParsingException("unknown parameter [ignore_above] on mapper [" + path + "] of type ["
                        + type + "]");
            }
            ignoreAbove = toInt(definition.get("ignore_above"), path);
        }
        String format = null;
        if (definition.containsKey("format")) {
            if (fieldType.indexedAs() != FieldType.DATE && fieldType != FieldType.DATE_RANGE) {
                throw new MapperParsingException("unknown parameter [format] on mapper [" + path + "] of type ["
                        + type + "]");
            }
            format = DateFormat.of(String.valueOf(definition.get("format"))).pattern();
        }
        String analyzer = analyzerParameter(definition, "analyzer", path, fieldType);
        String searchAnalyzer = analyzerParameter(definition, "search_analyzer", path, fieldType);
        if (searchAnalyzer != null && analyzer == null) {
            throw new MapperParsingException("analyzer on field [" + path + "] must be set when search_analyzer is set");
        }
        Map<String, FieldMapping> fields = new LinkedHashMap<>();
        if (definition.containsKey("fields")) {
            asMap(definition.get("fields"), path).forEach((name, sub) -> {
                Mapper subMapper = parseMapper(path + "." + name, asMap(sub, path + "." + name));
                if (!(subMapper instanceof FieldMapping field) || !field.fields().isEmpty()) {
                    throw new MapperParsingException("Type [object] cannot be used in multi field");
                }
                fields.put(name, field);
            });
        }
        return new FieldMapping(fieldType, ignoreAbove, format, fields, analyzer, searchAnalyzer,
                parseOptions(path, fieldType, definition));
    }

    /** The parameters of {@link FieldOptions}, each checked against the field's type as Elasticsearch does. */
    private static FieldOptions parseOptions(String path, FieldType type, Map<String, Object> definition) {
        String typeName = type.esName();
        Boolean index = definition.containsKey("index")
                ? booleanParameter(definition.get("index"), path, "index") : null;
        Boolean docValues = definition.containsKey("doc_values")
                ? booleanParameter(definition.get("doc_values"), path, "doc_values") : null;
        if (docValues != null && type == FieldType.TEXT) {
            throw new MapperParsingException("unknown parameter [doc_values] on mapper [" + path + "] of type [text]");
        }
        Boolean store = definition.containsKey("store")
                ? booleanParameter(definition.get("store"), path, "store") : null;
        Object nullValue = definition.get("null_value");
        if (nullValue != null) {
            if (type == FieldType.TEXT || type == FieldType.BINARY || type.range()) {
                throw new MapperParsingException("unknown parameter [null_value] on mapper [" + path + "] of type ["
                        + typeName + "]");
            }
            if (nullValue instanceof Map<?, ?> || nullValue instanceof List<?>) {
                throw new MapperParsingException("Failed to parse mapping: [null_value] on mapper [" + path
                        + "] must be a single value, got [" + nullValue + "]");
            }
        }
        List<String> copyTo = new ArrayList<>();
        Object copy = definition.get("copy_to");
        if (copy instanceof List<?> targets) {
            targets.forEach(target -> copyTo.add(String.valueOf(target)));
        } else if (copy != null) {
            copyTo.add(String.valueOf(copy));
        }
        Boolean ignoreMalformed = null;
        if (definition.containsKey("ignore_malformed")) {
            if (!type.numeric() && type.indexedAs() != FieldType.DATE && type != FieldType.IP
                    && type != FieldType.GEO_POINT) {
                throw new MapperParsingException("unknown parameter [ignore_malformed] on mapper [" + path
                        + "] of type [" + typeName + "]");
            }
            ignoreMalformed = booleanParameter(definition.get("ignore_malformed"), path, "ignore_malformed");
        }
        Boolean coerce = null;
        if (definition.containsKey("coerce")) {
            if (!type.numeric() && !type.range()) {
                throw new MapperParsingException("unknown parameter [coerce] on mapper [" + path + "] of type ["
                        + typeName + "]");
            }
            coerce = booleanParameter(definition.get("coerce"), path, "coerce");
        }
        Double scalingFactor = null;
        if (type == FieldType.SCALED_FLOAT) {
            Object factor = definition.get("scaling_factor");
            if (factor == null) {
                throw new MapperParsingException("Failed to parse mapping: Field [scaling_factor] is required");
            }
            try {
                scalingFactor = factor instanceof Number n ? n.doubleValue() : Double.parseDouble(factor.toString());
            } catch (NumberFormatException e) {
                throw new MapperParsingException("Failed to parse mapping: [scaling_factor] must be a number, got ["
                        + factor + "]");
            }
            if (!(scalingFactor > 0) || Double.isInfinite(scalingFactor)) {
                throw new MapperParsingException("Failed to parse mapping: [scaling_factor] must be a positive "
                        + "number, got [" + factor + "]");
            }
        } else if (definition.containsKey("scaling_factor")) {
            throw new MapperParsingException("unknown parameter [scaling_factor] on mapper [" + path + "] of type ["
                    + typeName + "]");
        }
        return new FieldOptions(index, docValues, store, nullValue, copyTo, ignoreMalformed, coerce, scalingFactor);
    }

    /** A boolean parameter: {@code true}/{@code false} or their strings, as Elasticsearch accepts. */
    private static boolean booleanParameter(Object value, String path, String parameter) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new MapperParsingException("Failed to parse mapping: Failed to parse value [" + value
                + "] as only [true] or [false] are allowed. on [" + parameter + "] of [" + path + "]");
    }

    /** {@code analyzer} or {@code search_analyzer}: a name, on text fields only. */
    private static String analyzerParameter(Map<String, Object> definition, String parameter, String path,
                                            FieldType type) {
        Object value = definition.get(parameter);
        if (!definition.containsKey(parameter)) {
            return null;
        }
        if (type != FieldType.TEXT) {
            throw new MapperParsingException("unknown parameter [" + parameter + "] on mapper [" + path + "] of type ["
                    + type.esName() + "]");
        }
        if (!(value instanceof String name) || name.isEmpty()) {
            throw new MapperParsingException("Failed to parse mapping: [" + parameter + "] on mapper [" + path
                    + "] must be an analyzer name, got [" + value + "]");
        }
        return name;
    }

    /** The analyzer names the mapping's fields and multi-fields use ({@code analyzer} and {@code search_analyzer}). */
    public Set<String> analyzerNames() {
        Set<String> names = new java.util.TreeSet<>();
        collectAnalyzers(root, names);
        return names;
    }

    private static void collectAnalyzers(Mapper mapper, Set<String> into) {
        switch (mapper) {
            case ObjectMapping object -> object.properties().values().forEach(child -> collectAnalyzers(child, into));
            case FieldMapping field -> {
                if (field.analyzer() != null) {
                    into.add(field.analyzer());
                }
                if (field.searchAnalyzer() != null) {
                    into.add(field.searchAnalyzer());
                }
                field.fields().values().forEach(sub -> collectAnalyzers(sub, into));
            }
        }
    }

    /**
     * This mapping with {@code update}'s fields added.
     *
     * @throws IllegalSearchArgumentException if a field would change its type, or an object would become a field
     */
    public Mapping merge(Mapping update) {
        List<DynamicTemplate> templates = update.dynamicTemplates.isEmpty() ? dynamicTemplates
                : update.dynamicTemplates;
        return new Mapping(update.dynamic, mergeObject("", root, update.root), sourceEnabled && update.sourceEnabled,
                templates);
    }

    /** The same mapping with {@code dynamic} unchanged and the given properties merged in. */
    public Mapping mergeProperties(ObjectMapping properties) {
        return new Mapping(dynamic, mergeObject("", root, properties), sourceEnabled, dynamicTemplates);
    }

    private static ObjectMapping mergeObject(String prefix, ObjectMapping current, ObjectMapping update) {
        Map<String, Mapper> merged = new TreeMap<>(current.properties());
        update.properties().forEach((name, mapper) -> {
            String path = prefix + name;
            Mapper existing = merged.get(name);
            if (existing == null) {
                merged.put(name, mapper);
            } else if (existing instanceof ObjectMapping object && mapper instanceof ObjectMapping other) {
                merged.put(name, mergeObject(path + ".", object, other));
            } else if (existing instanceof FieldMapping field && mapper instanceof FieldMapping other) {
                merged.put(name, mergeField(path, field, other));
            } else if (existing instanceof ObjectMapping) {
                throw new IllegalSearchArgumentException("can't merge a non object mapping [" + path
                        + "] with an object mapping");
            } else {
                throw new IllegalSearchArgumentException("can't merge a non object mapping [" + path
                        + "] with an object mapping");
            }
        });
        return new ObjectMapping(merged);
    }

    private static FieldMapping mergeField(String path, FieldMapping current, FieldMapping update) {
        if (current.type() != update.type()) {
            throw new IllegalSearchArgumentException("mapper [" + path + "] cannot be changed from type ["
                    + current.type().esName() + "] to [" + update.type().esName() + "]");
        }
        if (!java.util.Objects.equals(current.format(), update.format()) && update.format() != null) {
            throw new IllegalSearchArgumentException("Mapper for [" + path
                    + "] conflicts with existing mapper:\n\tCannot update parameter [format] from ["
                    + current.format() + "] to [" + update.format() + "]");
        }
        if (!java.util.Objects.equals(current.analyzer(), update.analyzer())) {
            throw new IllegalSearchArgumentException("Mapper for [" + path
                    + "] conflicts with existing mapper:\n\tCannot update parameter [analyzer] from ["
                    + (current.analyzer() == null ? "default" : current.analyzer()) + "] to ["
                    + (update.analyzer() == null ? "default" : update.analyzer()) + "]");
        }
        Map<String, FieldMapping> fields = new TreeMap<>(current.fields());
        update.fields().forEach((name, sub) -> {
            FieldMapping existing = fields.get(name);
            fields.put(name, existing == null ? sub : mergeField(path + "." + name, existing, sub));
        });
        Integer ignoreAbove = update.ignoreAbove() != null ? update.ignoreAbove() : current.ignoreAbove();
        return new FieldMapping(current.type(), ignoreAbove, current.format(), fields, current.analyzer(),
                update.searchAnalyzer(), update.options());
    }

    /** The mapper at a dotted path (objects' properties, then a field's multi-fields), or {@code null}. */
    public Mapper lookup(String path) {
        // the parts between dots, as path.split("\\.") gives them (trailing empty parts dropped),
        // without building them for every field of every document
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0) {
            return path.isEmpty() ? child(root, "") : root;
        }
        Mapper node = root;
        int start = 0;
        while (node != null) {
            int dot = path.indexOf('.', start);
            int partEnd = dot < 0 || dot > end ? end : dot;
            node = child(node, start == 0 && partEnd == path.length() ? path : path.substring(start, partEnd));
            if (partEnd == end) {
                return node;
            }
            start = partEnd + 1;
        }
        return null;
    }

    private static Mapper child(Mapper node, String name) {
        return switch (node) {
            case ObjectMapping object -> object.properties().get(name);
            case FieldMapping field -> field.fields().get(name);
        };
    }

    /** The mapping as Elasticsearch renders it: {@code {}} when empty, else {@code {"properties": …}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> result = new LinkedHashMap<>();
        if (!"true".equals(dynamic)) {
            result.put("dynamic", dynamic);
        }
        if (!sourceEnabled) {
            result.put("_source", Map.of("enabled", false));
        }
        if (!dynamicTemplates.isEmpty()) {
            result.put("dynamic_templates", dynamicTemplates.stream().map(DynamicTemplate::toMap).toList());
        }
        if (!root.properties().isEmpty()) {
            result.put("properties", propertiesMap(root));
        }
        return result;
    }

    private static Map<String, Object> propertiesMap(ObjectMapping object) {
        Map<String, Object> properties = new LinkedHashMap<>();
        object.properties().forEach((name, mapper) -> properties.put(name, mapperMap(mapper)));
        return properties;
    }

    private static Map<String, Object> mapperMap(Mapper mapper) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (mapper instanceof ObjectMapping object) {
            if (object.properties().isEmpty()) {
                result.put("type", "object");
            } else {
                result.put("properties", propertiesMap(object));
            }
            return result;
        }
        FieldMapping field = (FieldMapping) mapper;
        result.put("type", field.type().esName());
        if (field.analyzer() != null) {
            result.put("analyzer", field.analyzer());
        }
        if (field.searchAnalyzer() != null) {
            result.put("search_analyzer", field.searchAnalyzer());
        }
        if (field.format() != null) {
            result.put("format", field.format());
        }
        if (field.ignoreAbove() != null) {
            result.put("ignore_above", field.ignoreAbove());
        }
        FieldOptions options = field.options();
        putIfSet(result, "index", options.index());
        putIfSet(result, "doc_values", options.docValues());
        putIfSet(result, "store", options.store());
        putIfSet(result, "null_value", options.nullValue());
        if (!options.copyTo().isEmpty()) {
            result.put("copy_to", options.copyTo());
        }
        putIfSet(result, "ignore_malformed", options.ignoreMalformed());
        putIfSet(result, "coerce", options.coerce());
        putIfSet(result, "scaling_factor", options.scalingFactor());
        if (!field.fields().isEmpty()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            new TreeMap<>(field.fields()).forEach((name, sub) -> fields.put(name, mapperMap(sub)));
            result.put("fields", fields);
        }
        return result;
    }

    private static void putIfSet(Map<String, Object> into, String key, Object value) {
        if (value != null) {
            into.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MapperParsingException("Expected map for property [" + what + "] but got a "
                + (value == null ? "null" : value instanceof List<?> ? "list" : value.getClass().getSimpleName()));
    }

    private static int toInt(Object value, String path) {
        try {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new MapperParsingException("Failed to parse mapping: For input string: \"" + value + "\" on [" + path + "]");
        }
    }
}
