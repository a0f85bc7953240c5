package dev.infraplatform.exchangebroker.engine;

/**
 * Topic exchange matching as RabbitMQ does it. Keys and patterns are split on {@code .} into words;
 * the empty string is zero words and empty words count ({@code "a..b"} is {@code a}, {@code ""},
 * {@code b}). In a pattern {@code *} matches exactly one word (possibly the empty word, never zero
 * words) and {@code #} matches zero or more words.
 *
 * <p>Cost: O(pattern words × key words) time and O(key words) memory per match (dynamic
 * programming, so patterns with many {@code #} never backtrack exponentially).
 */
final class TopicMatcher {

    private TopicMatcher() {
    }

    /** RabbitMQ's {@code split_topic_key}: {@code ""} is no words, otherwise every dot splits. */
    static String[] words(String key) {
        return key.isEmpty() ? new String[0] : key.split("\\.", -1);
    }

    static boolean matches(String pattern, String routingKey) {
        return matches(words(pattern), words(routingKey));
    }

    static boolean matches(String[] pattern, String[] key) {
        // reachable[j]: the pattern words consumed so far can match exactly key[0..j)
        boolean[] reachable = new boolean[key.length + 1];
        reachable[0] = true;
        for (String word : pattern) {
            boolean[] next = new boolean[key.length + 1];
            if (word.equals("#")) {
                boolean any = false;
                for (int j = 0; j <= key.length; j++) {
                    any |= reachable[j];
                    next[j] = any;
                }
            } else {
                for (int j = 0; j < key.length; j++) {
                    next[j + 1] = reachable[j] && (word.equals("*") || word.equals(key[j]));
                }
            }
            reachable = next;
        }
        return reachable[key.length];
    }
}
