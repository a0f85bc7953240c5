package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** INFO as JSON: one object per section, Redis' field names, integers as numbers. */
@RestController
@RequestMapping(path = "/api/v1/cache/info", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class InfoController {

    private final CacheCalls calls;

    InfoController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    @GetMapping
    @Operation(summary = "Server information (INFO)",
            description = "`{\"server\": {\"redis_version\": \"7.0.0\", …}, \"stats\": {…}, \"keyspace\": {\"db0\": "
                    + "{\"keys\": n, \"expires\": n, \"avg_ttl\": n}}}`: INFO's sections, lower-cased, as objects.")
    Map<String, Object> info(@Parameter(description = "sections to include (INFO's arguments), default all")
                             @RequestParam(required = false) List<String> section) {
        List<Object> words = new ArrayList<>(List.of("INFO"));
        if (section != null) {
            words.addAll(section);
        }
        String text = new String(CacheCalls.bulk(calls.run(words.toArray())), StandardCharsets.UTF_8);
        return parse(text);
    }

    /** Redis' INFO text: {@code # Section} headers, {@code field:value} lines; {@code a=1,b=2} values become objects. */
    static Map<String, Object> parse(String text) {
        Map<String, Object> sections = new LinkedHashMap<>();
        Map<String, Object> current = null;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(2).trim().toLowerCase(Locale.ROOT), current);
            } else if (!line.isBlank() && current != null) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    current.put(line.substring(0, colon), value(line.substring(colon + 1)));
                }
            }
        }
        return sections;
    }

    private static Object value(String text) {
        if (text.contains("=")) {
            Map<String, Object> parts = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                int equals = part.indexOf('=');
                if (equals < 0) {
                    return text;
                }
                parts.put(part.substring(0, equals), value(part.substring(equals + 1)));
            }
            return parts;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notInteger) {
            return text;
        }
    }
}
