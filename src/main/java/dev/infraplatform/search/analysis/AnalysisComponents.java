package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.StopAnalyzer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.util.AttributeFactory;

import java.io.IOException;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The analysis component types Elasticsearch knows by name, as tables from a type name to what builds
 * it from its settings: analyzers ({@code standard}, {@code simple}, {@code whitespace}, {@code keyword},
 * {@code stop}, {@code english}, {@code nori}), tokenizers, token filters and char filters. Each is a
 * Lucene component configured as Elasticsearch configures it. Building checks the settings, so
 * bad settings are refused when an index is created, not when a document arrives.
 */
final class AnalysisComponents {

    private AnalysisComponents() {
    }

    static final Map<String, Function<ComponentSettings, Analyzer>> ANALYZERS = Map.of(
            "standard", s -> {
                StandardAnalyzer analyzer = new StandardAnalyzer(StopWords.of(s, "stopwords", CharArraySet.EMPTY_SET, false));
                analyzer.setMaxTokenLength(positive(s, "max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH));
                return analyzer;
            },
            "simple", s -> new SimpleAnalyzer(),
            "whitespace", s -> new WhitespaceAnalyzer(positive(s, "max_token_length", 255)),
            "keyword", s -> new KeywordAnalyzer(),
            "stop", s -> new StopAnalyzer(StopWords.of(s, "stopwords", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false)),
            "english", s -> new EnglishAnalyzer(
                    StopWords.of(s, "stopwords", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false),
                    StopWords.of(s, "stem_exclusion", CharArraySet.EMPTY_SET, false)),
            "nori", s -> new KoreanAnalyzer(userDictionary(s), decompoundMode(s), stopTags(s), false));

    static final Map<String, Function<ComponentSettings, TokenizerFactory>> TOKENIZERS = Map.of(
            "standard", s -> {
                int max = positive(s, "max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
                return () -> {
                    StandardTokenizer tokenizer = new StandardTokenizer();
                    tokenizer.setMaxTokenLength(max);
                    return tokenizer;
                };
            },
            "classic", s -> {
                int max = positive(s, "max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
                return () -> {
                    ClassicTokenizer tokenizer = new ClassicTokenizer();
                    tokenizer.setMaxTokenLength(max);
                    return tokenizer;
                };
            },
            "whitespace", s -> {
                int max = positive(s, "max_token_length", 255);
                return () -> new WhitespaceTokenizer(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, max);
            },
            "keyword", s -> {
                int bufferSize = positive(s, "buffer_size", KeywordTokenizer.DEFAULT_BUFFER_SIZE);
                return () -> new KeywordTokenizer(bufferSize);
            },
            "letter", s -> LetterTokenizer::new,
            "nori_tokenizer", s -> {
                UserDictionary dictionary = userDictionary(s);
                KoreanTokenizer.DecompoundMode mode = decompoundMode(s);
                boolean discardPunctuation = s.bool("discard_punctuation", true);
                return () -> new KoreanTokenizer(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, dictionary, mode, false,
                        discardPunctuation);
            });

    static final Map<String, Function<ComponentSettings, TokenFilterFactory>> FILTERS = Map.ofEntries(
            Map.entry("lowercase", s -> LowerCaseFilter::new),
            Map.entry("uppercase", s -> UpperCaseFilter::new),
            Map.entry("stop", s -> {
                boolean ignoreCase = s.bool("ignore_case", false);
                CharArraySet words = StopWords.of(s, "stopwords", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, ignoreCase);
                if (!s.bool("remove_trailing", true)) {
                    throw new IllegalSearchArgumentException("[" + s.name() + "]: remove_trailing: false is not supported");
                }
                return input -> new StopFilter(input, words);
            }),
            Map.entry("stemmer", AnalysisComponents::stemmer),
            Map.entry("porter_stem", s -> PorterStemFilter::new),
            Map.entry("kstem", s -> KStemFilter::new),
            Map.entry("asciifolding", s -> {
                boolean preserveOriginal = s.bool("preserve_original", false);
                return input -> new ASCIIFoldingFilter(input, preserveOriginal);
            }),
            Map.entry("synonym", s -> new SynonymFilterFactory(s, false)),
            Map.entry("synonym_graph", s -> new SynonymFilterFactory(s, true)),
            Map.entry("trim", s -> TrimFilter::new),
            Map.entry("unique", s -> {
                boolean samePosition = s.bool("only_on_same_position", false);
                return samePosition ? RemoveDuplicatesTokenFilter::new : input -> new UniqueTokenFilter(input, false);
            }),
            Map.entry("length", s -> {
                int min = s.integer("min", 0);
                int max = s.integer("max", Integer.MAX_VALUE);
                if (min < 0 || max < min) {
                    throw new IllegalSearchArgumentException("[" + s.name() + "]: length filter needs 0 <= min <= max, "
                            + "got min [" + min + "] and max [" + max + "]");
                }
                return input -> new LengthFilter(input, min, max);
            }),
            Map.entry("truncate", s -> {
                int length = positive(s, "length", 10);
                return input -> new TruncateTokenFilter(input, length);
            }),
            Map.entry("reverse", s -> ReverseStringFilter::new),
            Map.entry("keyword_marker", s -> {
                boolean ignoreCase = s.bool("ignore_case", false);
                CharArraySet keywords = StopWords.of(s, "keywords", CharArraySet.EMPTY_SET, ignoreCase);
                return input -> new SetKeywordMarkerFilter(input, keywords);
            }),
            Map.entry("edge_ngram", s -> {
                int[] grams = grams(s);
                boolean preserveOriginal = s.bool("preserve_original", false);
                return input -> new EdgeNGramTokenFilter(input, grams[0], grams[1], preserveOriginal);
            }),
            Map.entry("ngram", s -> {
                int[] grams = grams(s);
                boolean preserveOriginal = s.bool("preserve_original", false);
                return input -> new NGramTokenFilter(input, grams[0], grams[1], preserveOriginal);
            }),
            Map.entry("nori_part_of_speech", s -> {
                Set<POS.Tag> tags = stopTags(s);
                return input -> new KoreanPartOfSpeechStopFilter(input, tags);
            }),
            Map.entry("nori_readingform", s -> KoreanReadingFormFilter::new));

    static final Map<String, Function<ComponentSettings, CharFilterFactory>> CHAR_FILTERS = Map.of(
            "html_strip", s -> {
                List<String> escaped = s.list("escaped_tags");
                Set<String> tags = escaped == null ? null : Set.copyOf(escaped);
                return input -> new HTMLStripCharFilter(input, tags);
            },
            "mapping", AnalysisComponents::mapping,
            "pattern_replace", s -> {
                Pattern pattern;
                try {
                    pattern = Pattern.compile(s.string("pattern", ""));
                } catch (PatternSyntaxException e) {
                    throw new IllegalSearchArgumentException("[" + s.name() + "]: invalid pattern: " + e.getMessage());
                }
                if (!s.has("pattern")) {
                    throw new IllegalSearchArgumentException("pattern is missing for [" + s.name() + "] char filter of "
                            + "type 'pattern_replace'");
                }
                String replacement = s.string("replacement", "");
                return input -> new PatternReplaceCharFilter(pattern, replacement, input);
            });

    /** Elasticsearch's {@code stemmer} languages of English; other Snowball languages by name. */
    private static TokenFilterFactory stemmer(ComponentSettings s) {
        String language = s.string("language", s.string("name", "english")).toLowerCase(Locale.ROOT);
        return switch (language) {
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            case "porter2" -> input -> new SnowballFilter(input, "English");
            default -> {
                String snowball = Character.toUpperCase(language.charAt(0)) + language.substring(1);
                if (!language.matches("[a-z]+") || !snowballExists(snowball)) {
                    throw new IllegalSearchArgumentException("Unknown stemmer language [" + language + "] for ["
                            + s.name() + "]");
                }
                yield input -> new SnowballFilter(input, snowball);
            }
        };
    }

    private static boolean snowballExists(String name) {
        try {
            Class.forName("org.tartarus.snowball.ext." + name + "Stemmer");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final Pattern MAPPING_RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    /** Elasticsearch's {@code mapping} char filter: {@code "key => value"} rules; keys must not be empty. */
    private static CharFilterFactory mapping(ComponentSettings s) {
        List<String> rules = s.list("mappings");
        if (rules == null) {
            throw new IllegalSearchArgumentException("mapping requires either `mappings` or `mappings_path` to be "
                    + "configured");
        }
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        for (String rule : rules) {
            Matcher m = MAPPING_RULE.matcher(rule);
            if (!m.find()) {
                throw new IllegalSearchArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            String key = unescape(m.group(1).trim());
            String value = unescape(m.group(2).trim());
            if (key.isEmpty()) {
                throw new IllegalSearchArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            builder.add(key, value);
        }
        NormalizeCharMap map = builder.build();
        return input -> new MappingCharFilter(map, input);
    }

    /** The escapes Elasticsearch reads in mapping rules: {@code \\}, {@code \n}, {@code \t}, {@code \r}, {@code \\uXXXX}. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    } catch (IndexOutOfBoundsException | NumberFormatException e) {
                        throw new IllegalSearchArgumentException("Invalid escaped char in [" + text + "]");
                    }
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static int[] grams(ComponentSettings s) {
        int min = positive(s, "min_gram", 1);
        int max = positive(s, "max_gram", 2);
        if (max < min) {
            throw new IllegalSearchArgumentException("[" + s.name() + "]: max_gram [" + max
                    + "] must not be smaller than min_gram [" + min + "]");
        }
        if (max - min > 1) {
            throw new IllegalSearchArgumentException("The difference between max_gram and min_gram in NGram Tokenizer "
                    + "must be less than or equal to: [1] but was [" + (max - min) + "]. This limit can be set by "
                    + "changing the [index.max_ngram_diff] index level setting.");
        }
        return new int[] {min, max};
    }

    private static int positive(ComponentSettings s, String key, int defaultValue) {
        int value = s.integer(key, defaultValue);
        if (value <= 0) {
            throw new IllegalSearchArgumentException("[" + s.setting(key) + "] must be greater than 0, got [" + value + "]");
        }
        return value;
    }

    private static KoreanTokenizer.DecompoundMode decompoundMode(ComponentSettings s) {
        String mode = s.string("decompound_mode", "discard");
        try {
            return KoreanTokenizer.DecompoundMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalSearchArgumentException("Unknown decompound_mode [" + mode + "] for [" + s.name()
                    + "]; expected one of [none, discard, mixed]");
        }
    }

    /** {@code user_dictionary_rules}: one entry per rule, a word optionally followed by its segmentation. */
    private static UserDictionary userDictionary(ComponentSettings s) {
        if (s.has("user_dictionary")) {
            throw new IllegalSearchArgumentException("[" + s.name() + "]: user_dictionary files are not supported; give "
                    + "the entries in [user_dictionary_rules]");
        }
        List<String> rules = s.list("user_dictionary_rules");
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        try {
            return UserDictionary.open(new StringReader(String.join("\n", rules)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalSearchArgumentException("failed to load nori user dictionary for [" + s.name() + "]: "
                    + e.getMessage());
        }
    }

    private static Set<POS.Tag> stopTags(ComponentSettings s) {
        List<String> names = s.list("stoptags");
        if (names == null) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> tags = EnumSet.noneOf(POS.Tag.class);
        for (String name : names) {
            try {
                tags.add(POS.resolveTag(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalSearchArgumentException("Unknown part of speech tag [" + name + "] in [" + s.name()
                        + "]");
            }
        }
        return tags;
    }
}
