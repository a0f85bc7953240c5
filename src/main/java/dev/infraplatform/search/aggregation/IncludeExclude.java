package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.internal.hppc.BitMixer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A terms aggregation's {@code include}/{@code exclude}: each a regular expression matching the
 * whole term (keyword fields) or a list of exact values (numbers compared as numbers); a term is
 * kept if it is included (or nothing is) and not excluded. An include can instead be one partition
 * of the terms ({@code {"partition": 0, "num_partitions": 20}}), for paging through many terms in
 * several requests: a term belongs to the partition its hash falls in, Elasticsearch's hash (the
 * 32-bit murmur3 of a term's bytes, seed 31; a number's 64-bit mix), so each term lands where it
 * would there.
 *
 * @param partition     the partition kept, or -1 (no partitioning)
 * @param numPartitions the number of partitions (0 without partitioning)
 */
record IncludeExclude(Pattern includePattern, Set<String> includeValues, Pattern excludePattern,
                      Set<String> excludeValues, int partition, int numPartitions) {

    private static final int PARTITION_SEED = 31;

    static IncludeExclude parse(Object include, Object exclude, boolean numeric) {
        if (include == null && exclude == null) {
            return null;
        }
        if (include instanceof Map<?, ?> partitioned) {
            if (exclude != null) {
                throw new IllegalSearchArgumentException("Cannot specify any excludes when using a partition-based "
                        + "include");
            }
            int numPartitions = partitionNumber(partitioned, "num_partitions");
            int partition = partitionNumber(partitioned, "partition");
            if (numPartitions < 1) {
                throw new IllegalSearchArgumentException("[num_partitions] must be at least 1");
            }
            if (partition < 0 || partition >= numPartitions) {
                throw new IllegalSearchArgumentException("[partition] must be at least 0 and less than "
                        + "[num_partitions] (" + numPartitions + ")");
            }
            return new IncludeExclude(null, null, null, null, partition, numPartitions);
        }
        Pattern includePattern = include instanceof String regex ? pattern(regex, numeric, "include") : null;
        Pattern excludePattern = exclude instanceof String regex ? pattern(regex, numeric, "exclude") : null;
        return new IncludeExclude(includePattern, values(include, numeric), excludePattern, values(exclude, numeric),
                -1, 0);
    }

    private static int partitionNumber(Map<?, ?> include, String key) {
        Object value = include.get(key);
        if (value == null) {
            throw new AggregationParsingException("Missing [" + key + "] parameter for partition-based include");
        }
        if (!(value instanceof Integer number)) {
            throw new AggregationParsingException("[" + key + "] must be an integer, not [" + value + "]");
        }
        for (Object other : include.keySet()) {
            if (!other.equals("partition") && !other.equals("num_partitions")) {
                throw new AggregationParsingException("Unknown parameter in Include/Exclude clause: " + other);
            }
        }
        return number;
    }

    private static Pattern pattern(String regex, boolean numeric, String what) {
        if (numeric) {
            throw new IllegalSearchArgumentException("Aggregation with a numeric field cannot use a regular "
                    + "expression in [" + what + "]; use an array of values");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalSearchArgumentException("Invalid regular expression [" + regex + "] in [" + what + "]: "
                    + e.getDescription());
        }
    }

    private static Set<String> values(Object value, boolean numeric) {
        if (value == null || value instanceof String) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new AggregationParsingException("[terms] include/exclude must be a string, an array of values or "
                    + "(include) a partition");
        }
        Set<String> values = new HashSet<>();
        for (Object element : list) {
            values.add(numeric ? normalize(element.toString()) : element.toString());
        }
        return values;
    }

    private static String normalize(String number) {
        try {
            return Double.toString(Double.parseDouble(number));
        } catch (NumberFormatException e) {
            return number;
        }
    }

    /**
     * Whether a term passes: {@code key} as a bucket holds it (BytesRef, Long, Double) for a
     * partition, else {@code text} (its text; a number's decimal form).
     */
    boolean accepts(Object key, String text, boolean numeric) {
        if (numPartitions > 0) {
            long hash = switch (key) {
                case BytesRef bytes -> StringHelper.murmurhash3_x86_32(bytes, PARTITION_SEED);
                case Long number -> BitMixer.mix64(number);
                case Double number -> BitMixer.mix64(Double.doubleToLongBits(number));
                default -> StringHelper.murmurhash3_x86_32(new BytesRef(text), PARTITION_SEED);
            };
            return Math.floorMod(hash, numPartitions) == partition;
        }
        return accepts(text, numeric);
    }

    private boolean accepts(String term, boolean numeric) {
        String value = numeric ? normalize(term) : term;
        boolean included = (includePattern == null && includeValues == null)
                || (includePattern != null && includePattern.matcher(value).matches())
                || (includeValues != null && includeValues.contains(value));
        boolean excluded = (excludePattern != null && excludePattern.matcher(value).matches())
                || (excludeValues != null && excludeValues.contains(value));
        return included && !excluded;
    }
}
