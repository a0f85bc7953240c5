package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Index, get, delete with versions, sequence numbers, optimistic concurrency, refresh and routing. */
class DocumentLifecycleTest extends LocalSearchTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private SearchIndex create(String name, int shards) {
        return search.engine().createIndex(name, IndexSettings.parse(Map.of("number_of_shards", shards)),
                Mapping.empty());
    }

    @Test
    void versionsAndSequenceNumbersAdvanceAsInElasticsearch() {
        SearchIndex index = create("books", 1);
        WriteResult first = index.index("1", null, json("{\"title\": \"Dune\"}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(first.result()).isEqualTo(WriteResult.Result.CREATED);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.seqNo()).isZero();
        assertThat(first.primaryTerm()).isEqualTo(1);

        WriteResult second = index.index("1", null, json("{\"title\": \"Dune Messiah\"}"), WriteCondition.NONE,
                RefreshPolicy.NONE);
        assertThat(second.result()).isEqualTo(WriteResult.Result.UPDATED);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.seqNo()).isEqualTo(1);

        GetResult got = index.get("1", null);
        assertThat(got.found()).isTrue();
        assertThat(got.version()).isEqualTo(2);
        assertThat(got.seqNo()).isEqualTo(1);
        assertThat(new String(got.source(), StandardCharsets.UTF_8)).isEqualTo("{\"title\": \"Dune Messiah\"}");

        WriteResult deleted = index.delete("1", null, WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(deleted.result()).isEqualTo(WriteResult.Result.DELETED);
        assertThat(deleted.version()).isEqualTo(3);
        assertThat(deleted.seqNo()).isEqualTo(2);
        assertThat(index.get("1", null).found()).isFalse();

        WriteResult missing = index.delete("nope", null, WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(missing.result()).isEqualTo(WriteResult.Result.NOT_FOUND);
        assertThat(missing.seqNo()).isEqualTo(3);
    }

    @Test
    void generatedIdsAreRealtimeAndADeleteIsRememberedWhenTheInternalReaderMoves() {
        SearchIndex index = create("events", 1);
        index.index("1", null, json("{\"n\": 1}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(index.delete("1", null, WriteCondition.NONE, RefreshPolicy.NONE).version()).isEqualTo(2);

        // a generated id is added without being recorded, yet found at once and replaced as an update
        WriteResult generated = index.index(null, null, json("{\"n\": 2}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(generated.result()).isEqualTo(WriteResult.Result.CREATED);
        assertThat(generated.id()).hasSize(20);
        assertThat(index.get(generated.id(), null).found()).isTrue();
        WriteResult replaced = index.index(generated.id(), null, json("{\"n\": 3}"), WriteCondition.NONE,
                RefreshPolicy.NONE);
        assertThat(replaced.result()).isEqualTo(WriteResult.Result.UPDATED);
        assertThat(replaced.version()).isEqualTo(2);

        // the lookups above moved the internal reader past the delete: its version is still known
        WriteResult again = index.index("1", null, json("{\"n\": 4}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(again.result()).isEqualTo(WriteResult.Result.CREATED);
        assertThat(again.version()).isEqualTo(3);
    }

    @Test
    void aSourceThatIsNotOneJsonObjectWithDistinctKeysIsRefusedAndNothingIsWritten() {
        SearchIndex index = create("strict", 1);
        for (String bad : new String[] {"{\"a\": 1, \"a\": 2}", "[1, 2]", "{\"a\": 1} {\"b\": 2}", "{\"a\": "}) {
            assertThatThrownBy(() -> index.index("1", null, json(bad), WriteCondition.NONE, RefreshPolicy.NONE))
                    .isInstanceOf(MapperParsingException.class);
        }
        assertThat(index.get("1", null).found()).isFalse();
        WriteResult written = index.index("1", null, json("{\"a\": {\"b\": [1, 2], \"c\": 2.5, \"d\": \"x\", \"e\": true, \"f\": null}}"),
                WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(written.seqNo()).isZero();
    }

    @Test
    void createRefusesAnExistingDocument() {
        SearchIndex index = create("users", 1);
        index.index("ada", null, json("{\"n\": 1}"), new WriteCondition(true, null, null), RefreshPolicy.NONE);
        assertThatThrownBy(() -> index.index("ada", null, json("{\"n\": 2}"), new WriteCondition(true, null, null),
                RefreshPolicy.NONE))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("[ada]: version conflict, document already exists (current version [1])");
        assertThat(index.get("ada", null).version()).isEqualTo(1);
    }

    @Test
    void optimisticConcurrencyChecksSequenceNumberAndPrimaryTerm() {
        SearchIndex index = create("stock", 1);
        index.index("a", null, json("{\"n\": 1}"), WriteCondition.NONE, RefreshPolicy.NONE);
        index.index("b", null, json("{\"n\": 1}"), WriteCondition.NONE, RefreshPolicy.NONE);
        WriteResult ok = index.index("a", null, json("{\"n\": 2}"), new WriteCondition(false, 0L, 1L), RefreshPolicy.NONE);
        assertThat(ok.seqNo()).isEqualTo(2);
        assertThatThrownBy(() -> index.index("a", null, json("{\"n\": 3}"), new WriteCondition(false, 0L, 1L),
                RefreshPolicy.NONE))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("[a]: version conflict, required seqNo [0], primary term [1]. current document has "
                        + "seqNo [2] and primary term [1]");
        assertThatThrownBy(() -> index.delete("a", null, new WriteCondition(false, 2L, 2L), RefreshPolicy.NONE))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> index.index("zzz", null, json("{}"), new WriteCondition(false, 0L, 1L),
                RefreshPolicy.NONE))
                .hasMessage("[zzz]: version conflict, required seqNo [0], primary term [1] but no document was found");
        assertThat(index.get("a", null).seqNo()).isEqualTo(2);
    }

    @Test
    void searchSeesWritesOnlyAfterRefreshWhileGetIsRealtime() {
        SearchIndex index = search.engine().createIndex("logs",
                IndexSettings.parse(Map.of("index", Map.of("refresh_interval", "-1"))), Mapping.empty());
        index.index("1", null, json("{\"m\": \"x\"}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(index.visibleDocuments()).isZero();
        assertThat(index.get("1", null).found()).isTrue();
        index.refresh();
        assertThat(index.visibleDocuments()).isEqualTo(1);
        WriteResult forced = index.index("2", null, json("{\"m\": \"y\"}"), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        assertThat(forced.forcedRefresh()).isTrue();
        assertThat(index.visibleDocuments()).isEqualTo(2);
    }

    @Test
    void documentsAreRoutedToTheShardElasticsearchWouldPick() {
        SearchIndex index = create("routed", 5);
        WriteResult hello = index.index("hello", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(hello.shard()).isEqualTo(4);
        WriteResult routed = index.index("x", "hello", json("{}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(routed.shard()).isEqualTo(4);
        assertThat(index.get("x", "hello").routing()).isEqualTo("hello");
        assertThat(Files.isDirectory(directory.resolve("search/routed/4/index"))).isTrue();
        // each shard numbers its own operations
        WriteResult other = index.index("a", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(other.seqNo()).isEqualTo(other.shard() == 4 ? 2 : 0);
    }

    @Test
    void dynamicMappingUpdatesArePersistedWithTheIndex() {
        SearchIndex index = create("people", 2);
        index.index("1", null, json("{\"name\": \"Ada\", \"age\": 36}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThatThrownBy(() -> index.index("2", null, json("{\"age\": \"old\"}"), WriteCondition.NONE,
                RefreshPolicy.NONE)).isInstanceOf(MapperParsingException.class);
        SearchIndex reopened = search.restart().index("people");
        assertThat(reopened.mapping().lookup("age")).isEqualTo(Mapping.FieldMapping.of(FieldType.LONG));
        assertThat(reopened.settings().numberOfShards()).isEqualTo(2);
        assertThat(reopened.metadata().uuid()).isEqualTo(index.metadata().uuid());
    }

    @Test
    void acknowledgedWritesSurviveACrashByTranslogReplay() {
        SearchIndex index = create("orders", 3);
        for (int i = 0; i < 50; i++) {
            index.index("o" + i, null, json("{\"n\": " + i + "}"), WriteCondition.NONE, RefreshPolicy.NONE);
        }
        index.commit();
        for (int i = 50; i < 80; i++) {
            index.index("o" + i, null, json("{\"n\": " + i + "}"), WriteCondition.NONE, RefreshPolicy.NONE);
        }
        index.index("o1", null, json("{\"n\": 1001}"), WriteCondition.NONE, RefreshPolicy.NONE);
        index.delete("o2", null, WriteCondition.NONE, RefreshPolicy.NONE);

        SearchIndex recovered = search.restartAfterCrash().index("orders");
        recovered.refresh();
        assertThat(recovered.visibleDocuments()).isEqualTo(79);
        assertThat(recovered.get("o79", null).found()).isTrue();
        assertThat(recovered.get("o2", null).found()).isFalse();
        GetResult one = recovered.get("o1", null);
        assertThat(new String(one.source(), StandardCharsets.UTF_8)).isEqualTo("{\"n\": 1001}");
        assertThat(one.version()).isEqualTo(2);
        // sequence numbers continue after the replayed ones
        int shard = recovered.shardOf("o1", null);
        WriteResult next = recovered.index("o1", null, json("{\"n\": 1}"), WriteCondition.NONE, RefreshPolicy.NONE);
        assertThat(next.shard()).isEqualTo(shard);
        assertThat(next.seqNo()).isGreaterThan(one.seqNo());
        assertThat(next.version()).isEqualTo(3);
    }

    @Test
    void aCommitTrimsTheTranslogAndACleanRestartReplaysNothing() {
        SearchIndex index = create("trim", 1);
        for (int i = 0; i < 10; i++) {
            index.index("d" + i, null, json("{\"n\": " + i + "}"), WriteCondition.NONE, RefreshPolicy.NONE);
        }
        assertThat(index.uncommittedOperations()).isEqualTo(10);
        index.commit();
        assertThat(index.uncommittedOperations()).isZero();
        SearchIndex reopened = search.restart().index("trim");
        reopened.refresh();
        assertThat(reopened.visibleDocuments()).isEqualTo(10);
        assertThat(reopened.index("d0", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE).seqNo()).isEqualTo(10);
    }

    @Test
    void deferredWritesAreNumberedInOrderAndAcknowledgedByAwait() {
        SearchIndex index = create("deferred", 1);
        java.util.List<PendingWrite> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(index.indexDeferred("d" + (i % 10), null, json("{\"n\": " + i + "}"), WriteCondition.NONE));
        }
        pending.add(index.deleteDeferred("d0", null, WriteCondition.NONE));
        java.util.List<WriteResult> results = pending.stream().map(PendingWrite::await).toList();
        assertThat(results).extracting(WriteResult::seqNo).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 21).boxed().toList());
        assertThat(results.get(19).version()).isEqualTo(2);
        assertThat(results.get(20).result()).isEqualTo(WriteResult.Result.DELETED);
        SearchIndex recovered = search.restartAfterCrash().index("deferred");
        assertThat(recovered.get("d0", null).found()).isFalse();
        assertThat(new String(recovered.get("d9", null).source(), StandardCharsets.UTF_8)).isEqualTo("{\"n\": 19}");
    }

    @Test
    void indexesAreCreatedOnceAndDeletedWithTheirFiles() {
        create("gone", 2);
        assertThatThrownBy(() -> create("gone", 1)).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> create("Upper", 1)).isInstanceOf(InvalidIndexNameException.class)
                .hasMessage("Invalid index name [Upper], must be lowercase");
        assertThatThrownBy(() -> create("_x", 1)).isInstanceOf(InvalidIndexNameException.class);
        search.engine().deleteIndex("gone");
        assertThat(Files.exists(directory.resolve("search/gone"))).isFalse();
        assertThatThrownBy(() -> search.engine().index("gone")).isInstanceOf(IndexNotFoundException.class)
                .hasMessage("no such index [gone]");
        assertThat(search.restart().indexes()).isEmpty();
    }

    @Test
    void aDirectoryWithoutMetadataIsNotAnIndex() throws Exception {
        create("half", 1).index("1", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE);
        // what a crash in the middle of deleting leaves: the metadata is deleted first
        try (var files = Files.list(directory.resolve("search/half"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        assertThat(search.restartAfterCrash().indexes()).isEmpty();
        assertThatThrownBy(() -> search.engine().index("half")).isInstanceOf(IndexNotFoundException.class);
        SearchIndex again = create("half", 1);
        assertThat(again.get("1", null).found()).isFalse();
    }
}
