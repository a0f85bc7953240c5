package dev.infraplatform.search.config;

import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.storage.Durability;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.search.*}: settings of the Elasticsearch-like search engine.
 *
 * @param translogDurability when translog writes are forced to disk: {@code always} (default; before
 *     the write is acknowledged, with group commit — Elasticsearch's {@code index.translog.durability:
 *     request}), {@code interval} (every second — its {@code async}) or {@code none}
 * @param translogSegmentSize translog segment size; translogs are trimmed by whole segments after a commit (default 64MB)
 * @param commitInterval how often every shard is committed to Lucene and its translog trimmed
 *     (default 30s; bounds the translog replayed after a crash)
 * @param clusterName the {@code cluster_name} the REST API reports (default {@code infra-platform})
 * @param indexBufferSize the indexing buffer all shards share (Elasticsearch's
 *     {@code indices.memory.index_buffer_size}); unset: 10% of the heap, at least 48MB
 */
@Validated
@ConfigurationProperties("infra.search")
public record SearchProperties(
        @NotNull @DefaultValue("always") Durability translogDurability,
        @NotNull @DefaultValue("64MB") DataSize translogSegmentSize,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration commitInterval,
        @NotNull @DefaultValue("infra-platform") String clusterName,
        DataSize indexBufferSize) {

    /** {@link #indexBufferSize} in bytes, or its default. */
    public long indexBufferBytes() {
        return indexBufferSize != null ? indexBufferSize.toBytes() : SearchEngine.Settings.defaultIndexBufferBytes();
    }
}
