package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Aliases (resolution, filters, write indexes, durability) and closing and opening indexes. */
class AliasesAndClosedIndexesTest extends LocalSearchTest {

    private SearchEngine engine() {
        return search.engine();
    }

    private SearchIndex create(String name) {
        return engine().createIndex(name, IndexSettings.parse(Map.of("number_of_shards", 2)), Mapping.empty());
    }

    private static void put(SearchIndex index, String id, String json) {
        index.index(id, null, json.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
    }

    private long count(String expression) {
        return engine().count(List.of(expression.split(",")), IndicesOptions.SEARCH_DEFAULTS, Map.of("match_all", Map.of()));
    }

    private static AliasMetadata filter(Map<String, Object> query) {
        return new AliasMetadata(query, null, null, null, null);
    }

    @Test
    void aSearchThroughAFilteredAliasSeesOnlyWhatTheFilterMatchesAndTheAliasSurvivesARestart() {
        SearchIndex logs = create("logs-1");
        put(logs, "1", "{\"level\": \"error\", \"message\": \"disk full\"}");
        put(logs, "2", "{\"level\": \"info\", \"message\": \"disk fine\"}");
        engine().updateAliases(List.of(AliasAction.add("logs-1", "errors",
                filter(Map.of("term", Map.of("level.keyword", "error"))))));

        assertThat(count("errors")).isEqualTo(1);
        assertThat(count("logs-1")).isEqualTo(2);
        // named directly as well as through the alias: the index is searched unfiltered
        assertThat(count("logs-1,errors")).isEqualTo(2);
        SearchHits hits = engine().search(List.of("errors"), IndicesOptions.SEARCH_DEFAULTS,
                SearchRequest.of(Map.of("match", Map.of("message", "disk")), 0, 10));
        assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactly("1");
        assertThat(hits.hits()).extracting(SearchHits.Hit::index).containsExactly("logs-1");

        // the request's options hold through the alias's filter
        SearchRequest.Options withVersions = new SearchRequest.Options(false, true, true, false, true, List.of(), null,
                false, 0, -1);
        SearchHits versioned = engine().search(List.of("errors"), IndicesOptions.SEARCH_DEFAULTS, new SearchRequest(
                Map.of("match", Map.of("message", "disk")), null, 0, 10, null, null, null, withVersions));
        assertThat(versioned.hits()).extracting(SearchHits.Hit::version).containsExactly(1L);
        assertThat(versioned.hits()).extracting(SearchHits.Hit::seqNo).containsExactly(0L);

        search.restart();
        assertThat(engine().aliasTable()).containsOnlyKeys("errors");
        assertThat(engine().aliasTable().get("errors").get("logs-1").filter())
                .isEqualTo(Map.of("term", Map.of("level.keyword", "error")));
        assertThat(count("errors")).isEqualTo(1);
        assertThat(count("err*")).isEqualTo(1);
    }

    @Test
    void theAliasTableIsReusedUntilAnIndexOrItsAliasesChange() {
        SearchIndex first = create("table-1");
        engine().updateAliases(List.of(AliasAction.add("table-1", "table", AliasMetadata.PLAIN)));
        Map<String, Map<String, AliasMetadata>> table = engine().aliasTable();
        assertThat(table).containsOnlyKeys("table");
        assertThatThrownBy(() -> table.put("other", Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.get("table").clear()).isInstanceOf(UnsupportedOperationException.class);

        // documents and their dynamic mappings change no alias: the same table serves every write
        put(first, "1", "{\"fresh\": \"field\"}");
        assertThat(engine().aliasTable()).isSameAs(table);
        assertThat(engine().indexOrCreate("table").name()).isEqualTo("table-1");

        create("table-2");
        assertThat(engine().aliasTable()).isNotSameAs(table).isEqualTo(table);
        engine().updateAliases(List.of(AliasAction.add("table-2", "table", new AliasMetadata(null, null, null, true,
                null))));
        assertThat(engine().aliasTable().get("table")).containsOnlyKeys("table-1", "table-2");
        assertThat(engine().indexOrCreate("table").name()).isEqualTo("table-2");

        engine().deleteIndex("table-2");
        assertThat(engine().aliasTable().get("table")).containsOnlyKeys("table-1");
        assertThat(engine().indexOrCreate("table").name()).isEqualTo("table-1");
    }

    @Test
    void writesThroughAnAliasGoToItsWriteIndexAndNeedOneWhenItNamesSeveral() {
        create("events-1");
        create("events-2");
        engine().updateAliases(List.of(AliasAction.add("events-1", "events", AliasMetadata.PLAIN)));
        assertThat(engine().indexOrCreate("events").name()).isEqualTo("events-1");

        engine().updateAliases(List.of(AliasAction.add("events-2", "events", AliasMetadata.PLAIN)));
        assertThatThrownBy(() -> engine().indexOrCreate("events"))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageStartingWith("no write index is defined for alias [events]");
        assertThatThrownBy(() -> engine().index("events"))
                .hasMessage("alias [events] has more than one index associated with it [events-1, events-2], "
                        + "can't execute a single index op");

        engine().updateAliases(List.of(AliasAction.add("events-2", "events",
                new AliasMetadata(null, null, null, true, null))));
        SearchIndex target = engine().indexOrCreate("events");
        assertThat(target.name()).isEqualTo("events-2");
        put(target, "a", "{\"n\": 1}");
        assertThat(count("events")).isEqualTo(1);
        assertThat(count("events-1")).isZero();

        // a second write index is refused, and the aliases stay as they were
        assertThatThrownBy(() -> engine().updateAliases(List.of(AliasAction.add("events-1", "events",
                new AliasMetadata(null, null, null, true, null)))))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageContaining("has more than one write index");
        assertThat(engine().aliasTable().get("events").get("events-1").isWriteIndex()).isNull();
    }

    @Test
    void aliasActionsAreAllOrNothingAndNamesAreSharedWithIndexes() {
        create("a");
        create("b");
        List<AliasAction> actions = List.of(AliasAction.add("a", "both", AliasMetadata.PLAIN),
                AliasAction.remove("b", "nothing-here", null));
        assertThatThrownBy(() -> engine().updateAliases(actions)).isInstanceOf(AliasesNotFoundException.class)
                .hasMessage("aliases [nothing-here] missing");
        assertThat(engine().aliasTable()).isEmpty();

        assertThatThrownBy(() -> engine().updateAliases(List.of(AliasAction.add("a", "b", AliasMetadata.PLAIN))))
                .isInstanceOf(InvalidAliasNameException.class);
        engine().updateAliases(List.of(AliasAction.add("a", "both", AliasMetadata.PLAIN)));
        assertThatThrownBy(() -> create("both")).isInstanceOf(InvalidIndexNameException.class)
                .hasMessage("Invalid index name [both], already exists as alias");

        // an index replaced by an alias of the same name in one request
        engine().updateAliases(List.of(AliasAction.add("a", "b", AliasMetadata.PLAIN),
                new AliasAction(AliasAction.Type.REMOVE_INDEX, List.of("b"), List.of(), AliasMetadata.PLAIN, null)));
        assertThat(engine().indexes()).extracting(SearchIndex::name).containsExactly("a");
        assertThat(engine().aliasTable()).containsOnlyKeys("b", "both");

        // deleting an index takes it out of its aliases
        engine().deleteIndex("a");
        assertThat(engine().aliasTable()).isEmpty();
        assertThatThrownBy(() -> engine().index("both")).isInstanceOf(IndexNotFoundException.class);
    }

    @Test
    void aClosedIndexRefusesReadsAndWritesAndReopensWithAllItsDocumentsAlsoAfterARestart() {
        SearchIndex books = create("books");
        put(books, "1", "{\"title\": \"Dune\"}");
        put(books, "2", "{\"title\": \"Emma\"}");
        create("books-2");

        assertThat(engine().closeIndexes(List.of("books"), IndicesOptions.SEARCH_DEFAULTS)).containsExactly("books");
        assertThatThrownBy(() -> engine().index("books")).isInstanceOf(IndexClosedException.class)
                .hasMessage("closed");
        assertThatThrownBy(() -> engine().indexOrCreate("books")).isInstanceOf(IndexClosedException.class);
        assertThatThrownBy(() -> books.get("1", null)).isInstanceOf(IndexClosedException.class);
        assertThatThrownBy(() -> count("books")).isInstanceOf(IndexClosedException.class);
        assertThat(engine().count(List.of("books"), new IndicesOptions(true, true), Map.of())).isZero();
        // wildcards skip closed indexes unless asked for them
        assertThat(engine().resolve(List.of("books*"), IndicesOptions.SEARCH_DEFAULTS))
                .extracting(SearchIndex::name).containsExactly("books-2");
        assertThat(engine().resolve(List.of("books*"), IndicesOptions.of(null, null, "open,closed", true)
                .withForbidClosed(false))).extracting(SearchIndex::name).containsExactly("books", "books-2");
        // a search that asks patterns for closed indexes is refused as one naming them, unless unavailable ones are ignored
        assertThatThrownBy(() -> engine().resolve(List.of("books*"), IndicesOptions.of(null, null, "open,closed", true)))
                .isInstanceOf(IndexClosedException.class);
        assertThat(engine().resolve(List.of("books*"), IndicesOptions.of("true", null, "open,closed", true)))
                .extracting(SearchIndex::name).containsExactly("books-2");

        search.restart();
        assertThat(engine().indexOrClosed("books").metadata().closed()).isTrue();
        assertThatThrownBy(() -> count("books")).isInstanceOf(IndexClosedException.class);

        engine().openIndexes(List.of("books"), IndicesOptions.SEARCH_DEFAULTS.withForbidClosed(false));
        assertThat(count("books")).isEqualTo(2);
        assertThat(new String(engine().index("books").get("2", null).source(), StandardCharsets.UTF_8))
                .contains("Emma");
        put(engine().index("books"), "3", "{\"title\": \"Ulysses\"}");
        assertThat(count("books")).isEqualTo(3);
    }

    @Test
    void indexNamesBeyondAsciiWorkAndSurviveARestart() {
        SearchIndex index = create("weird-index-中文");
        put(index, "1", "{\"n\": 1}");
        assertThatThrownBy(() -> create("bad|name")).isInstanceOf(InvalidIndexNameException.class);
        assertThatThrownBy(() -> create("Upper")).isInstanceOf(InvalidIndexNameException.class);

        search.restart();
        assertThat(engine().index("weird-index-中文").get("1", null).found()).isTrue();
        assertThat(count("weird-*")).isEqualTo(1);
        engine().deleteIndex("weird-index-中文");
        assertThat(engine().indexes()).isEmpty();
    }
}
