package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code stopwords} setting: a list of words, or a predefined list by name
 * ({@code _english_}, {@code _none_}), alone or among the words.
 */
final class StopWords {

    private static final Map<String, CharArraySet> PREDEFINED = Map.of(
            "_english_", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET,
            "_none_", CharArraySet.EMPTY_SET);

    private StopWords() {
    }

    /** The set the {@code key} setting names, or {@code defaultSet} if it is not set. */
    static CharArraySet of(ComponentSettings settings, String key, CharArraySet defaultSet, boolean ignoreCase) {
        List<String> words = settings.list(key);
        if (words == null) {
            return defaultSet;
        }
        if (words.size() == 1 && PREDEFINED.containsKey(words.getFirst()) && !ignoreCase) {
            return PREDEFINED.get(words.getFirst());
        }
        CharArraySet set = new CharArraySet(words.size(), ignoreCase);
        for (String word : words) {
            CharArraySet predefined = PREDEFINED.get(word);
            if (predefined != null) {
                set.addAll(predefined);
            } else if (word.startsWith("_") && word.endsWith("_") && word.length() > 2) {
                throw new IllegalSearchArgumentException("unknown stopwords list [" + word + "] for ["
                        + settings.setting(key) + "]; known lists: [_english_, _none_]");
            } else {
                set.add(word);
            }
        }
        return CharArraySet.unmodifiableSet(set);
    }
}
