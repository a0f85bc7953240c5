package dev.infraplatform.search.engine;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Random documents over four shards (several segments each), aggregated and checked against the
 * same figures computed directly from the documents: terms over multi-valued keywords with a sub
 * metric, top terms with the other documents' count, histograms with empty buckets and terms
 * within each bucket. The seed is printed to reproduce a failure.
 */
class RandomizedAggregationTest extends LocalSearchTest {

    private static final JsonMapper JSON = new JsonMapper();

    private record Doc(List<String> tags, long size, double score) {
    }

    @Test
    void aggregationsMatchFiguresComputedFromTheDocuments() {
        long seed = System.nanoTime();
        System.out.println("RandomizedAggregationTest seed " + seed);
        Random random = new Random(seed);
        SearchIndex index = search.engine().createIndex("random", IndexSettings.parse(Map.of("number_of_shards", 4)),
                Mapping.parse(Map.of("properties", Map.of("tag", Map.of("type", "keyword"),
                        "size", Map.of("type", "long"), "score", Map.of("type", "double")))));
        List<Doc> docs = new ArrayList<>();
        int count = 300 + random.nextInt(200);
        List<PendingWrite> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                tags.add("tag-" + (char) ('a' + random.nextInt(26)));
            }
            Doc doc = new Doc(tags, random.nextInt(1000) - 200, Math.round(random.nextDouble() * 1000) / 10.0);
            docs.add(doc);
            String source = JSON.writeValueAsString(Map.of("tag", tags, "size", doc.size(), "score", doc.score()));
            pending.add(index.indexDeferred("d" + i, null, source.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE));
            if (random.nextInt(100) == 0) {
                pending.forEach(PendingWrite::await);
                index.refresh();
            }
        }
        pending.forEach(PendingWrite::await);
        index.refresh();

        // expected: per distinct tag (a document counts once per tag), its documents and their score sum
        TreeMap<String, long[]> tagCounts = new TreeMap<>();
        TreeMap<String, Double> tagScores = new TreeMap<>();
        TreeMap<Double, Long> histogram = new TreeMap<>();
        TreeMap<Double, TreeMap<String, Long>> tagsPerBucket = new TreeMap<>();
        for (Doc doc : docs) {
            for (String tag : new TreeSet<>(doc.tags())) {
                tagCounts.computeIfAbsent(tag, k -> new long[1])[0]++;
                tagScores.merge(tag, doc.score(), Double::sum);
            }
            double bucket = Math.floor((doc.size() - 25) / 100.0) * 100 + 25;
            histogram.merge(bucket, 1L, Long::sum);
            for (String tag : new TreeSet<>(doc.tags())) {
                tagsPerBucket.computeIfAbsent(bucket, k -> new TreeMap<>()).merge(tag, 1L, Long::sum);
            }
        }

        SearchHits hits = index.search(new SearchRequest(null, null, 0, 0, null, JSON.readValue("""
                {"tags": {"terms": {"field": "tag", "size": 30, "order": {"_key": "asc"}},
                          "aggs": {"score": {"sum": {"field": "score"}}}},
                 "top": {"terms": {"field": "tag", "size": 3, "shard_size": 30}},
                 "sizes": {"histogram": {"field": "size", "interval": 100, "offset": 25},
                           "aggs": {"tags": {"terms": {"field": "tag", "size": 30, "order": {"_key": "asc"}}}}}}""",
                Map.class), null));
        String result = JSON.writeValueAsString(hits.aggregations());

        assertThat(JsonPath.<List<String>>read(result, "$.tags.buckets[*].key")).containsExactlyElementsOf(tagCounts.keySet());
        List<Integer> counts = JsonPath.read(result, "$.tags.buckets[*].doc_count");
        assertThat(counts.stream().map(Integer::longValue).toList())
                .containsExactlyElementsOf(tagCounts.values().stream().map(c -> c[0]).toList());
        List<Number> scores = JsonPath.read(result, "$.tags.buckets[*].score.value");
        List<Double> expectedScores = new ArrayList<>(tagScores.values());
        for (int i = 0; i < scores.size(); i++) {
            assertThat(scores.get(i).doubleValue()).isCloseTo(expectedScores.get(i), within(1e-6));
        }

        // top 3 by count, ties by key; every shard returned all its terms, so the counts are exact
        List<Map.Entry<String, long[]>> byCount = new ArrayList<>(tagCounts.entrySet());
        byCount.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        assertThat(JsonPath.<List<String>>read(result, "$.top.buckets[*].key"))
                .containsExactlyElementsOf(byCount.subList(0, 3).stream().map(Map.Entry::getKey).toList());
        long total = tagCounts.values().stream().mapToLong(c -> c[0]).sum();
        long top = byCount.subList(0, 3).stream().mapToLong(e -> e.getValue()[0]).sum();
        assertThat(((Number) JsonPath.read(result, "$.top.sum_other_doc_count")).longValue()).isEqualTo(total - top);
        assertThat(((Number) JsonPath.read(result, "$.top.doc_count_error_upper_bound")).longValue()).isZero();

        List<Number> keys = JsonPath.read(result, "$.sizes.buckets[*].key");
        List<Number> histogramCounts = JsonPath.read(result, "$.sizes.buckets[*].doc_count");
        double first = histogram.firstKey();
        for (int i = 0; i < keys.size(); i++) {
            double key = first + 100.0 * i;
            assertThat(keys.get(i).doubleValue()).isEqualTo(key);
            assertThat(histogramCounts.get(i).longValue()).isEqualTo(histogram.getOrDefault(key, 0L));
            TreeMap<String, Long> expectedTags = tagsPerBucket.getOrDefault(key, new TreeMap<>());
            assertThat(JsonPath.<List<String>>read(result, "$.sizes.buckets[" + i + "].tags.buckets[*].key"))
                    .containsExactlyElementsOf(expectedTags.keySet());
            List<Number> tagCountsInBucket = JsonPath.read(result, "$.sizes.buckets[" + i + "].tags.buckets[*].doc_count");
            assertThat(tagCountsInBucket.stream().map(Number::longValue).toList())
                    .containsExactlyElementsOf(expectedTags.values());
        }
        assertThat(keys.getLast().doubleValue()).isEqualTo(histogram.lastKey());
    }
}
