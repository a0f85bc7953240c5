package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sources read as Elasticsearch reads them: one JSON object, no key twice at any depth. */
class JsonSourceTest {

    @Test
    void readsObjectsArraysAndNumbersInOrder() {
        Map<String, Object> source = JsonSource.parse(bytes(
                "{\"b\": 1, \"a\": [true, null, 2.5, {\"x\": \"y\"}], \"big\": 123456789012345678901234567890}"));
        assertThat(source).isInstanceOf(LinkedHashMap.class).containsOnlyKeys("b", "a", "big");
        assertThat(source.keySet()).containsExactly("b", "a", "big");
        assertThat(source.get("a")).isEqualTo(Arrays.asList(true, null, 2.5, Map.of("x", "y")));
        assertThat(source.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(source.get("b")).isEqualTo(1);
    }

    @Test
    void aKeyGivenTwiceIsRefusedAtAnyDepthAlsoWithNullValues() {
        for (String json : List.of("{\"a\": 1, \"a\": 2}", "{\"a\": null, \"a\": null}",
                "{\"o\": {\"k\": 1, \"k\": {}}}", "{\"l\": [{\"k\": 1, \"k\": 1}]}")) {
            assertThatThrownBy(() -> JsonSource.parse(bytes(json))).as(json)
                    .isInstanceOf(MapperParsingException.class).hasMessage("failed to parse");
        }
        assertThat(JsonSource.parse(bytes("{\"o\": {\"k\": 1}, \"p\": {\"k\": 1}}"))).hasSize(2);
    }

    @Test
    void anythingButOneObjectIsRefused() {
        for (String json : List.of("[]", "1", "{\"a\": 1} {\"b\": 2}", "{\"a\": ", "")) {
            assertThatThrownBy(() -> JsonSource.parse(bytes(json))).as(json).isInstanceOf(MapperParsingException.class);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
