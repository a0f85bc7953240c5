package dev.infraplatform.search.api;

import dev.infraplatform.search.analysis.AnalyzeRequest;
import dev.infraplatform.search.analysis.AnalyzedToken;
import dev.infraplatform.search.engine.SearchEngine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code _analyze}: how an analyzer, a field's analyzer or an ad hoc chain of
 * tokenizer and filters turns text into tokens, in Elasticsearch's response shape.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: analysis", description = "Elasticsearch-compatible _analyze")
class AnalyzeController {

    private final SearchEngine engine;

    AnalyzeController(SearchEngine engine) {
        this.engine = engine;
    }

    @RequestMapping(path = "/_analyze", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Analyze text with a built-in analyzer or an ad hoc tokenizer and filters",
            description = "Body: `{\"analyzer\": \"english\", \"text\": \"…\"}` or "
                    + "`{\"tokenizer\": \"standard\", \"filter\": [\"lowercase\"], \"text\": [\"…\"]}`")
    Map<String, Object> analyze(@RequestBody(required = false) byte[] body) {
        return response(engine.analyze(AnalyzeRequest.parse(RequestBodies.object(body))));
    }

    @RequestMapping(path = "/{index}/_analyze", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Analyze text with an index's analyzers",
            description = "Body: `{\"analyzer\": \"my_analyzer\", \"text\": \"…\"}` or "
                    + "`{\"field\": \"title\", \"text\": \"…\"}` (the field's analyzer)")
    Map<String, Object> analyze(@PathVariable String index, @RequestBody(required = false) byte[] body) {
        AnalyzeRequest request = AnalyzeRequest.parse(RequestBodies.object(body));
        return response(engine.index(index).analyze(request));
    }

    private static Map<String, Object> response(List<AnalyzedToken> tokens) {
        List<Map<String, Object>> rendered = new ArrayList<>(tokens.size());
        for (AnalyzedToken token : tokens) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("token", token.token());
            map.put("start_offset", token.startOffset());
            map.put("end_offset", token.endOffset());
            map.put("type", token.type());
            map.put("position", token.position());
            if (token.positionLength() > 1) {
                map.put("positionLength", token.positionLength());
            }
            rendered.add(map);
        }
        return Map.of("tokens", rendered);
    }
}
