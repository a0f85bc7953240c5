package dev.infraplatform.search.engine;

import org.apache.lucene.util.StringHelper;

/**
 * Which shard a document lives in, computed exactly as Elasticsearch 7+ does
 * ({@code IndexRouting} / {@code OperationRouting.generateShardId}), so that a document lands in the
 * same shard number here as in an Elasticsearch index with the same number of shards:
 *
 * <pre>
 * hash   = murmur3_x86_32(seed 0) of the routing value's UTF-16 code units, each little-endian
 * shard  = floorMod(hash, routingNumShards) / (routingNumShards / numberOfShards)
 * routingNumShards = numberOfShards × 2^max(1, 10 − ceil(log2(numberOfShards)))   (index.number_of_routing_shards' default)
 * </pre>
 *
 * The routing value is the request's {@code routing} if given, else the document's {@code _id}. O(length of the value).
 */
public final class ShardRouting {

    private static final int LOG2_MAX_SHARDS = 10;

    private final int numberOfShards;
    private final int routingNumShards;
    private final int routingFactor;

    public ShardRouting(int numberOfShards) {
        this(numberOfShards, defaultRoutingNumShards(numberOfShards));
    }

    /** With an explicit {@code index.number_of_routing_shards}, a multiple of {@code numberOfShards}. */
    public ShardRouting(int numberOfShards, int routingNumShards) {
        if (numberOfShards < 1 || routingNumShards % numberOfShards != 0) {
            throw new IllegalArgumentException("numberOfShards must be positive and divide routingNumShards: "
                    + numberOfShards + ", " + routingNumShards);
        }
        this.numberOfShards = numberOfShards;
        this.routingNumShards = routingNumShards;
        this.routingFactor = routingNumShards / numberOfShards;
    }

    /** Elasticsearch's default {@code index.number_of_routing_shards}: room for splitting up to 1024 shards. */
    public static int defaultRoutingNumShards(int numberOfShards) {
        int log2Shards = 32 - Integer.numberOfLeadingZeros(numberOfShards - 1);
        int splits = Math.max(1, LOG2_MAX_SHARDS - log2Shards);
        return numberOfShards << splits;
    }

    /** Elasticsearch's {@code Murmur3HashFunction.hash(String)}. */
    public static int hash(String routing) {
        byte[] bytes = new byte[routing.length() * 2];
        for (int i = 0; i < routing.length(); i++) {
            char c = routing.charAt(i);
            bytes[i * 2] = (byte) c;
            bytes[i * 2 + 1] = (byte) (c >>> 8);
        }
        return StringHelper.murmurhash3_x86_32(bytes, 0, bytes.length, 0);
    }

    /** The shard of a document given its {@code _id} and optional {@code routing}. */
    public int shardOf(String id, String routing) {
        if (numberOfShards == 1) {
            return 0; // what the hash would give, without hashing
        }
        String effective = routing != null ? routing : id;
        return Math.floorMod(hash(effective), routingNumShards) / routingFactor;
    }

    public int numberOfShards() {
        return numberOfShards;
    }

    public int routingNumShards() {
        return routingNumShards;
    }
}
