package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A terms aggregation's {@code include}/{@code exclude}: each a regular expression matching the
 * whole term (keyword fields) or a list of exact values (numbers compared as numbers); a term is
 * kept if it is included (or nothing is) and not excluded. Partitions are not supported.
 */
record IncludeExclude(Pattern includePattern, Set<String> includeValues, Pattern excludePattern,
                      Set<String> excludeValues) {

    static IncludeExclude parse(Object include, Object exclude, boolean numeric) {
        if (include == null && exclude == null) {
            return null;
        }
        Pattern includePattern = include instanceof String regex ? pattern(regex, numeric, "include") : null;
        Pattern excludePattern = exclude instanceof String regex ? pattern(regex, numeric, "exclude") : null;
        return new IncludeExclude(includePattern, values(include, numeric), excludePattern, values(exclude, numeric));
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
            throw new AggregationParsingException("[terms] include/exclude must be a string, an array of values; "
                    + "partitions are not supported");
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

    /** Whether a term (its text; a number's decimal form) passes. */
    boolean accepts(String term, boolean numeric) {
        String value = numeric ? normalize(term) : term;
        boolean included = (includePattern == null && includeValues == null)
                || (includePattern != null && includePattern.matcher(value).matches())
                || (includeValues != null && includeValues.contains(value));
        boolean excluded = (excludePattern != null && excludePattern.matcher(value).matches())
                || (excludeValues != null && excludeValues.contains(value));
        return included && !excluded;
    }
}
