package dev.infraplatform.cache.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis' {@code save} setting: pairs {@code <seconds> <changes>}, a snapshot being due once at
 * least {@code changes} writes happened and {@code seconds} passed since the last snapshot (any
 * pair suffices). {@code "3600 1 300 100 60 10000"} is Redis' default; an empty text turns
 * automatic snapshots off.
 */
public record SaveRules(List<Rule> rules) {

    /** One {@code <seconds> <changes>} pair. */
    public record Rule(long seconds, long changes) {
    }

    public SaveRules {
        rules = List.copyOf(rules);
    }

    /**
     * Parses the setting.
     *
     * @throws IllegalArgumentException if it is not pairs of positive integers
     */
    public static SaveRules parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return new SaveRules(List.of());
        }
        String[] words = trimmed.split("\\s+");
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("save must be pairs of <seconds> <changes>, got '" + text + "'");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < words.length; i += 2) {
            rules.add(new Rule(positive(words[i], text), positive(words[i + 1], text)));
        }
        return new SaveRules(rules);
    }

    private static long positive(String word, String text) {
        long value;
        try {
            value = Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("save must be pairs of positive integers, got '" + text + "'");
        }
        if (value < 1) {
            throw new IllegalArgumentException("save must be pairs of positive integers, got '" + text + "'");
        }
        return value;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether a snapshot is due after {@code changes} writes in {@code secondsSinceLastSave}. */
    public boolean due(long secondsSinceLastSave, long changes) {
        for (Rule rule : rules) {
            if (changes >= rule.changes() && secondsSinceLastSave >= rule.seconds()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Rule rule : rules) {
            text.append(text.isEmpty() ? "" : " ").append(rule.seconds()).append(' ').append(rule.changes());
        }
        return text.toString();
    }
}
