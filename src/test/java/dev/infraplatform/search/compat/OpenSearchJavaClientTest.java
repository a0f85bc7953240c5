package dev.infraplatform.search.compat;

import dev.infraplatform.RunningPlatformTest;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.IndexResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.httpclient5.ResponseException;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unchanged OpenSearch Java client (Apache HttpClient 5 transport) given the path prefix
 * {@code /api/v1/search}: it creates an index with a mapping, indexes, gets and searches documents and
 * aggregates over them, parsing every answer with its own typed model.
 */
class OpenSearchJavaClientTest extends RunningPlatformTest {

    /** A document as the client's users model it. */
    public record Book(String title, String genre, int year) {
    }

    private ApacheHttpClient5Transport transport;
    private OpenSearchClient client;

    @BeforeEach
    void connect() {
        transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost("http", "localhost", port))
                .setPathPrefix("/api/v1/search").setMapper(new JacksonJsonpMapper()).build();
        client = new OpenSearchClient(transport);
    }

    @AfterEach
    void disconnect() throws IOException {
        transport.close();
    }

    private void createLibrary(String index) throws IOException {
        var created = client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards(2).numberOfReplicas(0))
                .mappings(m -> m.properties("title", p -> p.text(t -> t))
                        .properties("genre", p -> p.keyword(k -> k))
                        .properties("year", p -> p.integer(i -> i))));
        assertThat(created.acknowledged()).isTrue();
        assertThat(created.index()).isEqualTo(index);
        List<Book> books = List.of(new Book("Dune", "sf", 1965), new Book("Dune Messiah", "sf", 1969),
                new Book("Emma", "classic", 1815));
        for (int i = 0; i < books.size(); i++) {
            int id = i + 1;
            Book book = books.get(i);
            IndexResponse indexed = client.index(r -> r.index(index).id(Integer.toString(id)).document(book)
                    .refresh(Refresh.True));
            assertThat(indexed.result().jsonValue()).isEqualTo("created");
            assertThat(indexed.version()).isEqualTo(1);
        }
    }

    @Test
    void createsIndexesIndexesGetsAndSearchesDocuments() throws IOException {
        createLibrary("client-books");

        var mapping = client.indices().getMapping(g -> g.index("client-books"));
        assertThat(mapping.result().get("client-books").mappings().properties().get("genre").isKeyword()).isTrue();

        GetResponse<Book> got = client.get(g -> g.index("client-books").id("2"), Book.class);
        assertThat(got.found()).isTrue();
        assertThat(got.source()).isEqualTo(new Book("Dune Messiah", "sf", 1969));
        assertThat(got.seqNo()).isNotNull();

        assertThat(client.exists(e -> e.index("client-books").id("3")).value()).isTrue();
        assertThat(client.exists(e -> e.index("client-books").id("404")).value()).isFalse();
        assertThat(client.get(g -> g.index("client-books").id("404"), Book.class).found()).isFalse();

        SearchResponse<Book> found = client.search(s -> s.index("client-books")
                .query(q -> q.match(m -> m.field("title").query(v -> v.stringValue("dune")))), Book.class);
        assertThat(found.hits().total().value()).isEqualTo(2);
        assertThat(found.hits().hits()).extracting(Hit::id).containsExactlyInAnyOrder("1", "2");
        assertThat(found.hits().hits()).extracting(Hit::source).extracting(Book::year).containsExactlyInAnyOrder(1965, 1969);
        assertThat(found.hits().hits().getFirst().score()).isPositive();

        assertThat(client.count(c -> c.index("client-books")).count()).isEqualTo(3);
        assertThat(client.indices().exists(e -> e.index("client-books")).value()).isTrue();
        assertThat(client.indices().delete(d -> d.index("client-books")).acknowledged()).isTrue();
        assertThat(client.indices().exists(e -> e.index("client-books")).value()).isFalse();
    }

    @Test
    void errorsReachTheClientAsTypedOpenSearchExceptions() throws IOException {
        assertThatThrownBy(() -> client.search(s -> s.index("client-missing"), Book.class))
                .isInstanceOfSatisfying(OpenSearchException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.error().type()).isEqualTo("index_not_found_exception");
                });
        createLibrary("client-conflicts");
        // the client hands a 409 on create over as its transport's ResponseException carrying Elasticsearch's error body
        assertThatThrownBy(() -> client.create(c -> c.index("client-conflicts").id("1")
                .document(new Book("Dune", "sf", 1965))))
                .isInstanceOf(ResponseException.class)
                .hasMessageContaining("409 Conflict")
                .hasMessageContaining("\"type\":\"version_conflict_engine_exception\"");
        client.indices().delete(d -> d.index("client-conflicts"));
    }

    @Test
    void aggregatesTermsOverAKeywordField() throws IOException {
        createLibrary("client-genres");
        SearchResponse<Void> response = client.search(s -> s.index("client-genres").size(0)
                .aggregations("genres", a -> a.terms(t -> t.field("genre"))), Void.class);
        List<StringTermsBucket> buckets = response.aggregations().get("genres").sterms().buckets().array();
        assertThat(buckets).extracting(b -> Map.entry(b.key(), b.docCount()))
                .containsExactly(Map.entry("sf", 2L), Map.entry("classic", 1L));
        client.indices().delete(d -> d.index("client-genres"));
    }
}
