package dev.infraplatform.cache.engine;

/** The name TYPE reports for a stored value. */
final class TypeNames {

    private TypeNames() {
    }

    static String of(Object value) {
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof RedisList) {
            return "list";
        }
        if (value instanceof RedisHash) {
            return "hash";
        }
        if (value instanceof RedisSet) {
            return "set";
        }
        if (value instanceof SortedSet) {
            return "zset";
        }
        if (value instanceof RedisStream) {
            return "stream";
        }
        throw new IllegalStateException("unknown value type " + value.getClass());
    }
}
