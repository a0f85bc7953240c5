package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Explicit and dynamic mappings, as Elasticsearch maps and renders them, and their conflicts. */
class MappingTest {

    @Test
    void explicitMappingsParseAndRenderAsElasticsearch() {
        Mapping mapping = Mapping.parse(Map.of("properties", Map.of(
                "title", Map.of("type", "text", "fields", Map.of("raw", Map.of("type", "keyword"))),
                "views", Map.of("type", "long"),
                "user.name", Map.of("type", "keyword", "ignore_above", 64),
                "at", Map.of("type", "date", "format", "yyyy-MM-dd"))));
        assertThat(mapping.toMap()).isEqualTo(Map.of("properties", Map.of(
                "at", Map.of("type", "date", "format", "yyyy-MM-dd"),
                "title", Map.of("type", "text", "fields", Map.of("raw", Map.of("type", "keyword"))),
                "user", Map.of("properties", Map.of("name", Map.of("type", "keyword", "ignore_above", 64))),
                "views", Map.of("type", "long"))));
        assertThat(Mapping.empty().toMap()).isEmpty();
    }

    @Test
    void lookupFollowsObjectsAndMultiFieldsPartByPart() {
        Mapping mapping = Mapping.parse(Map.of("properties", Map.of(
                "user", Map.of("properties", Map.of("name", Map.of("type", "text",
                        "fields", Map.of("raw", Map.of("type", "keyword"))))),
                "views", Map.of("type", "long"))));
        assertThat(mapping.lookup("views")).isInstanceOf(Mapping.FieldMapping.class);
        assertThat(mapping.lookup("user")).isInstanceOf(Mapping.ObjectMapping.class);
        assertThat(((Mapping.FieldMapping) mapping.lookup("user.name")).type()).isEqualTo(FieldType.TEXT);
        assertThat(((Mapping.FieldMapping) mapping.lookup("user.name.raw")).type()).isEqualTo(FieldType.KEYWORD);
        assertThat(mapping.lookup("user.name.")).isSameAs(mapping.lookup("user.name"));
        assertThat(mapping.lookup("user..name")).isNull();
        assertThat(mapping.lookup("user.age")).isNull();
        assertThat(mapping.lookup("views.x")).isNull();
        assertThat(mapping.lookup("nothing.at.all")).isNull();
        assertThat(mapping.lookup("")).isNull();
    }

    @Test
    void unknownTypesAndParametersAreRefused() {
        assertThatThrownBy(() -> Mapping.parse(Map.of("properties", Map.of("f", Map.of("type", "strange")))))
                .isInstanceOf(MapperParsingException.class)
                .hasMessage("No handler for type [strange] declared on field [f]");
        assertThatThrownBy(() -> Mapping.parse(Map.of("properties", Map.of("f", Map.of("type", "long", "x", 1)))))
                .isInstanceOf(MapperParsingException.class)
                .hasMessage("unknown parameter [x] on mapper [f] of type [long]");
    }

    @Test
    void dynamicMappingFollowsElasticsearchRules() {
        Map<String, Object> source = Map.of("name", "Ada", "age", 36, "score", 9.5, "active", true,
                "born", "1815-12-10", "stamp", "2024-01-02T03:04:05Z", "address", Map.of("city", "London"),
                "tags", List.of("a", "b"), "nothing", java.util.Collections.singletonMap("x", null));
        DocumentParser.Parsed parsed = DocumentParser.parse("1", source, Mapping.empty());
        Map<String, Object> keywordText = Map.of("type", "text",
                "fields", Map.of("keyword", Map.of("type", "keyword", "ignore_above", 256)));
        assertThat(parsed.mapping().toMap()).isEqualTo(Map.of("properties", Map.of(
                "name", keywordText, "age", Map.of("type", "long"), "score", Map.of("type", "float"),
                "active", Map.of("type", "boolean"), "born", Map.of("type", "date"), "stamp", Map.of("type", "date"),
                "address", Map.of("properties", Map.of("city", keywordText)), "tags", keywordText,
                "nothing", Map.of("type", "object"))));
        assertThat(parsed.fields()).extracting(f -> f.name())
                .contains("name", "name.keyword", "age", "address.city", "address.city.keyword", "tags");
    }

    @Test
    void aFieldCannotChangeItsType() {
        Mapping mapping = Mapping.parse(Map.of("properties", Map.of("views", Map.of("type", "long"))));
        assertThatThrownBy(() -> mapping.merge(Mapping.parse(Map.of("properties", Map.of("views", Map.of("type", "text"))))))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("mapper [views] cannot be changed from type [long] to [text]");
        assertThatThrownBy(() -> mapping.merge(Mapping.parse(Map.of("properties",
                Map.of("views", Map.of("properties", Map.of("x", Map.of("type", "long"))))))))
                .isInstanceOf(IllegalSearchArgumentException.class);
        Mapping grown = mapping.merge(Mapping.parse(Map.of("properties", Map.of("title", Map.of("type", "text")))));
        assertThat(grown.lookup("title")).isEqualTo(Mapping.FieldMapping.of(FieldType.TEXT));
    }

    @Test
    void aValueThatDoesNotFitItsFieldIsRefused() {
        Mapping mapping = Mapping.parse(Map.of("properties", Map.of("views", Map.of("type", "long"),
                "user", Map.of("properties", Map.of("name", Map.of("type", "keyword"))))));
        assertThatThrownBy(() -> DocumentParser.parse("7", Map.of("views", "many"), mapping))
                .isInstanceOf(MapperParsingException.class)
                .hasMessage("failed to parse field [views] of type [long] in document with id '7'. "
                        + "Preview of field's value: 'many'");
        assertThatThrownBy(() -> DocumentParser.parse("7", Map.of("user", "ada"), mapping))
                .isInstanceOf(MapperParsingException.class)
                .hasMessageContaining("object mapping for [user] tried to parse field [user] as object");
        // numbers in strings are coerced, as in Elasticsearch
        assertThat(DocumentParser.parse("7", Map.of("views", "12"), mapping).fields()).hasSize(1);
    }

    @Test
    void strictAndFalseDynamicSettings() {
        Mapping strict = Mapping.parse(Map.of("dynamic", "strict", "properties", Map.of("a", Map.of("type", "long"))));
        assertThatThrownBy(() -> DocumentParser.parse("1", Map.of("b", 1), strict))
                .isInstanceOf(StrictDynamicMappingException.class)
                .hasMessage("mapping set to strict, dynamic introduction of [b] within [_doc] is not allowed");
        Mapping off = Mapping.parse(Map.of("dynamic", "false"));
        DocumentParser.Parsed parsed = DocumentParser.parse("1", Map.of("b", 1), off);
        assertThat(parsed.fields()).isEmpty();
        assertThat(parsed.mapping()).isSameAs(off);
    }

    @Test
    void datesFollowStrictDateOptionalTime() {
        assertThat(DateFormat.looksLikeDate("2024-01-02")).isTrue();
        assertThat(DateFormat.looksLikeDate("2024-01-02T03:04")).isTrue();
        assertThat(DateFormat.looksLikeDate("2024-01-02T03:04:05.123+02:00")).isTrue();
        assertThat(DateFormat.looksLikeDate("2024-13-02")).isFalse();
        assertThat(DateFormat.looksLikeDate("02/01/2024")).isFalse();
        assertThat(DateFormat.of(null).toEpochMillis("1970-01-02")).isEqualTo(86_400_000L);
        assertThat(DateFormat.of(null).toEpochMillis("1970-01-01T01:00:00+01:00")).isZero();
        assertThat(DateFormat.of(null).toEpochMillis(1234L)).isEqualTo(1234L);
    }
}
