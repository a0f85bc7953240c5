package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.DateMathIndexNames;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.JsonSource;
import dev.infraplatform.search.engine.MapperParsingException;
import dev.infraplatform.search.engine.ParsingException;
import dev.infraplatform.search.engine.PendingWrite;
import dev.infraplatform.search.engine.RefreshPolicy;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchException;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.WriteCondition;
import dev.infraplatform.search.engine.WriteResult;
import dev.infraplatform.search.ingest.IngestPipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.Set;

/**
 * {@code _bulk}: NDJSON action lines ({@code index}, {@code create}, {@code delete}, {@code update}),
 * each but {@code delete} followed by its source line (for {@code update}, an update request body),
 * applied in order; every item answers on its own (status, result or error) and {@code errors} says
 * whether any failed. A malformed action line refuses the whole request. {@code refresh} applies
 * once, after the last item. Items are applied in order, then awaited together, so that they share
 * translog writes and fsyncs; a translog failure fails the whole request (its earlier items may be
 * durable: retrying is safe for items with ids). An {@code update} item is applied when it is read,
 * since it reads the document first.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: documents", description = "Elasticsearch-compatible document APIs")
class BulkController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ACTIONS = Set.of("index", "create", "delete", "update");

    private final SearchEngine engine;
    private final IngestPipelines ingest;

    BulkController(SearchEngine engine, IngestPipelines ingest) {
        this.engine = engine;
        this.ingest = ingest;
    }

    /** One parsed item: its action, metadata, its source line (index, create, update) and ingest pipeline. */
    private record Item(String action, String index, String id, String routing, Long ifSeqNo, Long ifPrimaryTerm,
                        Long version, String versionType, boolean requireAlias, int retryOnConflict, Object updateSource,
                        byte[] source, Map<String, Object> parsedSource, String pipeline) {
    }

    @RequestMapping(path = {"/_bulk", "/{index}/_bulk"}, method = {RequestMethod.POST, RequestMethod.PUT})
    @Operation(summary = "Index, create, update and delete many documents", description = "NDJSON: an action line "
            + "(`{\"index\": {\"_index\": \"…\", \"_id\": \"…\"}}`, `create`, `update`, `delete`) and, except for delete, "
            + "a source line (for update: `{\"doc\": {…}}`). Answers `{took, errors, items}`, an item per action.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "NDJSON: action and source lines",
                    content = @Content(mediaType = "application/x-ndjson")))
    void bulk(@PathVariable(required = false) String index,
              @RequestParam(required = false) String refresh,
              @RequestParam(required = false) String routing,
              @RequestParam(name = "require_alias", required = false) boolean requireAlias,
              @RequestParam(required = false) String pipeline,
              @RequestParam(name = "_source", required = false) String source,
              @RequestParam(name = "_source_includes", required = false) String includes,
              @RequestParam(name = "_source_excludes", required = false) String excludes,
              @RequestBody(required = false) byte[] body,
              HttpServletResponse response) throws IOException {
        // the source an update item answers with, unless its action line says otherwise
        SourceFilter updateSource = source == null && includes == null && excludes == null ? null
                : SourceFilter.of(source, includes, excludes);
        long started = System.nanoTime();
        RefreshPolicy policy = RefreshPolicy.parse(refresh);
        List<Item> items = parse(body == null ? new byte[0] : body, index, routing, requireAlias, pipeline);
        // first every item is applied and numbered in its shard's translog, then all are awaited:
        // the items share translog writes and fsyncs, and none is answered before all are durable
        List<Object> outcomes = new ArrayList<>(items.size());
        Set<SearchIndex> touched = new LinkedHashSet<>();
        for (Item item : items) {
            outcomes.add(apply(item, touched, updateSource));
        }
        boolean errors = false;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Applied applied) {
                outcomes.set(i, applied.await(started));
            } else {
                errors |= asMap(outcomes.get(i)).containsKey("error");
            }
        }
        if (policy != RefreshPolicy.NONE) {
            touched.forEach(SearchIndex::refresh);
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeNumberProperty("took", (System.nanoTime() - started) / 1_000_000);
            json.writeBooleanProperty("errors", errors);
            json.writeArrayPropertyStart("items");
            for (int i = 0; i < items.size(); i++) {
                json.writeStartObject();
                json.writeName(items.get(i).action());
                if (outcomes.get(i) instanceof Written written) {
                    DocumentController.writeResponse(json, written.index(), written.result(), written.status());
                } else {
                    json.writePOJO(outcomes.get(i));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** An item applied to its shard, whose durability is still to be awaited. */
    private record Applied(SearchIndex index, PendingWrite write) {

        Written await(long started) {
            WriteResult written = write.await();
            index.written(System.nanoTime() - started);
            return new Written(index, written);
        }
    }

    /** An item applied and durable. */
    private record Written(SearchIndex index, WriteResult result) {

        int status() {
            return switch (result.result()) {
                case CREATED -> 201;
                case NOT_FOUND -> 404;
                default -> 200;
            };
        }
    }

    /** The item applied ({@link Applied}) or its error (a map, as the item's answer). */
    private Object apply(Item item, Set<SearchIndex> touched, SourceFilter updateSource) {
        try {
            if (item.id() != null && item.id().isEmpty()) {
                throw new IllegalSearchArgumentException("if _id is specified it must not be empty");
            }
            if (!item.action().equals("delete")) {
                DocumentController.requireNoAlias(engine, item.index(), item.requireAlias());
            }
            if (item.action().equals("update")) {
                return update(item, touched, updateSource);
            }
            WriteCondition condition = WriteCondition.of(item.action().equals("create"), item.ifSeqNo(),
                    item.ifPrimaryTerm(), item.version(), item.versionType());
            SearchIndex target;
            PendingWrite pending;
            if (item.action().equals("delete")) {
                target = engine.index(item.index());
                pending = target.deleteDeferred(item.id(), engine.indexRouting(item.index(), item.routing()), condition);
            } else {
                // the item's pipeline runs first; a failure fails this item only
                IngestPipelines.IngestedDocument ingested = ingest.process(item.pipeline(), item.index(), item.id(),
                        engine.indexRouting(item.index(), item.routing()), item.source());
                target = engine.indexOrCreate(ingested.index());
                // the source as the body's reader read it, unless a pipeline changed it
                Map<String, Object> parsed = ingested.source() == item.source() ? item.parsedSource() : null;
                pending = target.indexDeferred(ingested.id(), ingested.routing(), ingested.source(), parsed, condition);
            }
            touched.add(target);
            return new Applied(target, pending);
        } catch (SearchException e) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("_index", item.index());
            result.put("_id", item.id());
            HttpStatus status = ElasticsearchErrors.statusOf(e);
            result.put("status", status.value());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", e.type());
            error.put("reason", e.getMessage());
            e.orderedMetadata().forEach(entry -> error.put(entry.getKey(), entry.getValue()));
            result.put("error", error);
            return result;
        }
    }

    /** An update item, applied at once (it reads the current document first): its answer with its status. */
    private Map<String, Object> update(Item item, Set<SearchIndex> touched, SourceFilter defaultSource) {
        Map<String, Object> request = RequestBodies.object(item.source());
        SourceFilter filter = item.updateSource() == null ? defaultSource : SourceFilter.fromBody(item.updateSource());
        DocumentUpdates.Outcome outcome = DocumentUpdates.apply(engine, new DocumentUpdates.Target(item.index(), item.id(),
                item.routing(), new WriteCondition(false, item.ifSeqNo(), item.ifPrimaryTerm()), item.retryOnConflict(),
                RefreshPolicy.NONE, filter), request);
        touched.add(engine.index(item.index()));
        Map<String, Object> result = new LinkedHashMap<>(outcome.response());
        result.put("status", outcome.result().result() == WriteResult.Result.CREATED ? 201 : 200);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<Item> parse(byte[] body, String defaultIndex, String defaultRouting, boolean defaultRequireAlias,
                                    String defaultPipeline) {
        List<Item> items = new ArrayList<>();
        int[] lines = lines(body);
        long started = System.currentTimeMillis();
        LongSupplier now = () -> started;
        try (BodyReader reader = new BodyReader(body)) {
            for (int i = 0; i < lines.length; i += 2) {
                int lineNumber = i / 2 + 1;
                ActionLine action = reader.actionLine(lines[i], lines[i + 1], lineNumber);
                String name = action.name();
                Map<String, Object> meta = action.metadata(lineNumber);
                String target = string(meta.get("_index"), defaultIndex);
                if (target == null) {
                    throw new IllegalSearchArgumentException("Validation Failed: 1: index is missing;");
                }
                target = DateMathIndexNames.resolve(target, now);
                String id = string(meta.get("_id"), null);
                if (id == null && !name.equals("index") && !name.equals("create")) {
                    throw new IllegalSearchArgumentException("Validation Failed: 1: id is missing;");
                }
                byte[] source = null;
                Map<String, Object> parsedSource = null;
                if (!name.equals("delete")) {
                    i += 2;
                    if (i >= lines.length) {
                        throw new IllegalSearchArgumentException("The bulk request must be terminated by a newline [\\n]");
                    }
                    source = Arrays.copyOfRange(body, lines[i], lines[i + 1]);
                    parsedSource = reader.source(lines[i], lines[i + 1]);
                }
                if (name.equals("index") && "create".equals(meta.get("op_type"))) {
                    name = "create";
                }
                Object requireAlias = meta.get("require_alias");
                Long retries = number(meta.get("retry_on_conflict"));
                items.add(new Item(name, target, id, string(meta.get("routing"), defaultRouting),
                        number(meta.get("if_seq_no")), number(meta.get("if_primary_term")), number(meta.get("version")),
                        string(meta.get("version_type"), null),
                        requireAlias == null ? defaultRequireAlias : Boolean.parseBoolean(requireAlias.toString()),
                        retries == null ? 0 : retries.intValue(), meta.get("_source"), source, parsedSource,
                        string(meta.get("pipeline"), defaultPipeline)));
            }
        }
        return items;
    }

    /** An action line: the action's name and its metadata ({@code _index}, {@code _id}, …), as read. */
    private record ActionLine(String name, Object meta) {

        /** The metadata, once the action is known to be one. */
        Map<String, Object> metadata(int lineNumber) {
            if (!ACTIONS.contains(name)) {
                throw malformed(lineNumber, "expected field [create], [delete], [index] or [update] but found ["
                        + name + "]");
            }
            if (meta == null) {
                return Map.of(); // {"index": null} is an empty one
            }
            if (!(meta instanceof Map<?, ?>)) {
                throw new ParsingException("[" + name + "] must be an object");
            }
            return asMap(meta);
        }
    }

    /**
     * One streaming parser over the whole body, reading it line by line: action lines and sources
     * without a parser per line (a bulk body holds thousands). A line it cannot read as one JSON
     * object alone on its line is read again on its own, which reports why (a source: by the
     * engine, failing only its item); the parser then restarts after that line.
     */
    private static final class BodyReader implements AutoCloseable {

        private final byte[] body;
        private JsonParser parser;
        /** The body offset the parser started at: its offsets are relative to it. */
        private int base;

        BodyReader(byte[] body) {
            this.body = body;
            restart(0);
        }

        ActionLine actionLine(int from, int to, int lineNumber) {
            ActionLine line = readActionLine(from, to);
            if (line != null) {
                return line;
            }
            restart(to);
            return strictActionLine(body, from, to, lineNumber);
        }

        /** The source line as a map, or {@code null} if it is not one JSON object alone on its line. */
        Map<String, Object> source(int from, int to) {
            try {
                if (startsObject(from, to)) {
                    Map<String, Object> source = JsonSource.readObject(parser);
                    if (restOfLineBlank(to)) {
                        return source;
                    }
                }
            } catch (JacksonException | MapperParsingException e) {
                // read again by the engine, which reports it
            }
            restart(to);
            return null;
        }

        private ActionLine readActionLine(int from, int to) {
            try {
                if (!startsObject(from, to) || parser.nextToken() != JsonToken.PROPERTY_NAME) {
                    return null;
                }
                String name = parser.currentName();
                Object meta = parser.nextToken() == JsonToken.START_OBJECT ? metadata(parser)
                        : parser.readValueAs(Object.class);
                return parser.nextToken() == JsonToken.END_OBJECT && restOfLineBlank(to)
                        ? new ActionLine(name, meta) : null;
            } catch (JacksonException e) {
                return null;
            }
        }

        /** Whether the next token opens an object that starts on the line {@code [from, to)}. */
        private boolean startsObject(int from, int to) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            long start = base + parser.currentTokenLocation().getByteOffset();
            return start >= from && start < to;
        }

        /** Whether only whitespace follows the value just read up to {@code to}, the end of its line. */
        private boolean restOfLineBlank(int to) {
            long end = base + parser.currentLocation().getByteOffset();
            return end <= to && blank(body, (int) end, to);
        }

        private void restart(int from) {
            close();
            base = from;
            parser = JSON.createParser(body, from, body.length - from);
        }

        @Override
        public void close() {
            if (parser != null) {
                parser.close();
            }
        }
    }

    /**
     * Reads the action line {@code body[from, to)} on its own, with the streaming parser. The whole
     * line is read before it is judged, so a syntax error anywhere is reported as such.
     */
    private static ActionLine strictActionLine(byte[] body, int from, int to, int lineNumber) {
        String name;
        Object meta;
        boolean single;
        try (JsonParser parser = JSON.createParser(body, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(lineNumber, "expected START_OBJECT");
            }
            if (parser.nextToken() == JsonToken.END_OBJECT) {
                throw malformed(lineNumber, "expected FIELD_NAME but found [END_OBJECT]");
            }
            name = parser.currentName();
            meta = parser.nextToken() == JsonToken.START_OBJECT ? metadata(parser) : parser.readValueAs(Object.class);
            single = parser.nextToken() == JsonToken.END_OBJECT;
            if (single && parser.nextToken() != null) {
                throw malformed(lineNumber, "expected START_OBJECT");
            }
            if (!single) {
                parser.skipChildren(); // reads the rest, so that a syntax error there still counts as one
                while (parser.nextToken() != null) {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw malformed(lineNumber, "expected START_OBJECT");
        }
        if (!single) {
            throw malformed(lineNumber, "expected START_OBJECT or END_OBJECT");
        }
        return new ActionLine(name, meta);
    }

    /** An action's metadata object, the parser at its start: scalar values as they are, others as trees. */
    private static Map<String, Object> metadata(JsonParser parser) {
        Map<String, Object> meta = new HashMap<>(8);
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String field = parser.currentName();
            meta.put(field, switch (parser.nextToken()) {
                case VALUE_STRING -> parser.getString();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> parser.readValueAs(Object.class);
            });
        }
        return meta;
    }

    private static IllegalSearchArgumentException malformed(int lineNumber, String expectation) {
        return new IllegalSearchArgumentException("Malformed action/metadata line [" + lineNumber + "], " + expectation);
    }

    /** The non-blank lines of an NDJSON body, as start and end offsets. */
    private static int[] lines(byte[] body) {
        int newlines = 0;
        for (byte b : body) {
            if (b == '\n') {
                newlines++;
            }
        }
        int[] lines = new int[2 * (newlines + 1)];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                if (!blank(body, start, i)) {
                    lines[count++] = start;
                    lines[count++] = i;
                }
                start = i + 1;
            }
        }
        return Arrays.copyOf(lines, count);
    }

    /** Whether {@code body[from, to)} holds only JSON whitespace (a blank NDJSON line). */
    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String string(Object value, String defaultValue) {
        return value == null ? defaultValue : value.toString();
    }

    private static Long number(Object value) {
        try {
            return value == null ? null : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalSearchArgumentException("[" + value + "] is not a number");
        }
    }
}
