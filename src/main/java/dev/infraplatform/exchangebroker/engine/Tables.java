package dev.infraplatform.exchangebroker.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** AMQP field tables as Java maps: immutable, insertion-ordered, null values allowed (AMQP void). */
final class Tables {

    private Tables() {
    }

    static Map<String, Object> copy(Map<String, Object> table) {
        if (table == null || table.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(table));
    }

    /**
     * Whether two field values are equal as AMQP compares them, except that integral numbers of
     * different Java types (JSON gives Integer or Long) compare by value.
     */
    static boolean valuesEqual(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && isIntegral(x) && isIntegral(y)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    static boolean tablesEqual(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Object> entry : a.entrySet()) {
            if (!b.containsKey(entry.getKey()) || !valuesEqual(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger;
    }
}
