package dev.infraplatform.search.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing matches Elasticsearch's, so a document lands in the same shard number as in Elasticsearch. */
class ShardRoutingTest {

    @Test
    void hashesAsElasticsearchMurmur3HashFunction() {
        // the known values of Elasticsearch's Murmur3HashFunctionTests
        assertThat(ShardRouting.hash("hell")).isEqualTo(0x5a0cb7c3);
        assertThat(ShardRouting.hash("hello")).isEqualTo(0xd7c31989);
        assertThat(ShardRouting.hash("hello w")).isEqualTo(0x22ab2984);
        assertThat(ShardRouting.hash("hello wo")).isEqualTo(0xdf0ca123);
        assertThat(ShardRouting.hash("hello wor")).isEqualTo(0xe7744d61);
        assertThat(ShardRouting.hash("The quick brown fox jumps over the lazy dog")).isEqualTo(0xe07db09c);
        assertThat(ShardRouting.hash("The quick brown fox jumps over the lazy cog")).isEqualTo(0x4e63d2ad);
    }

    @Test
    void routingShardsDefaultAsElasticsearch() {
        assertThat(ShardRouting.defaultRoutingNumShards(1)).isEqualTo(1024);
        assertThat(ShardRouting.defaultRoutingNumShards(2)).isEqualTo(1024);
        assertThat(ShardRouting.defaultRoutingNumShards(3)).isEqualTo(768);
        assertThat(ShardRouting.defaultRoutingNumShards(5)).isEqualTo(640);
        assertThat(ShardRouting.defaultRoutingNumShards(1000)).isEqualTo(2000);
    }

    @Test
    void shardIsFloorModOfTheHashOverRoutingShardsDividedByTheRoutingFactor() {
        ShardRouting five = new ShardRouting(5);
        // "hello" hashes to 0xd7c31989 = -675079799; floorMod(-675079799, 640) = 521; 521 / 128 = 4
        assertThat(Math.floorMod(0xd7c31989, 640)).isEqualTo(521);
        assertThat(five.shardOf("hello", null)).isEqualTo(4);
        assertThat(five.shardOf("anything", "hello")).isEqualTo(4);
        assertThat(new ShardRouting(1).shardOf("hello", null)).isZero();
    }
}
