package dev.infraplatform.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The search benchmark's documents and queries, the same on both sides (raw Lucene and the
 * platform): document {@code i} is a function of {@code i} alone, so every run and every side
 * indexes the same corpus in any order.
 *
 * <p>A document: {@code title}, 8 words drawn from a 20,000-word vocabulary with a Zipf(1)
 * distribution (as words in text are); {@code category}, one of 100 keywords, Zipf too;
 * {@code price}, a long in [0, 10,000); {@code timestamp}, epoch millis one second apart from
 * 2026-01-01. A query is two words drawn from the same vocabulary the same way.
 */
final class SyntheticDocuments {

    static final int VOCABULARY = 20_000;
    static final int CATEGORIES = 100;
    static final int TITLE_WORDS = 8;
    static final long FIRST_TIMESTAMP = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static final String[] WORDS = words();
    private static final double[] WORD_CDF = zipfCdf(VOCABULARY);
    private static final double[] CATEGORY_CDF = zipfCdf(CATEGORIES);

    private SyntheticDocuments() {
    }

    record Document(String id, String title, String category, long price, long timestamp) {

        /** The document as the platform receives it: {@code _source}. */
        byte[] json() {
            return ("{\"title\":\"" + title + "\",\"category\":\"" + category + "\",\"price\":" + price
                    + ",\"timestamp\":" + timestamp + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    static Document document(long i) {
        SplittableRandom random = new SplittableRandom(0x5EA4C4L * 31 + i);
        StringBuilder title = new StringBuilder(TITLE_WORDS * 8);
        for (int w = 0; w < TITLE_WORDS; w++) {
            if (w > 0) {
                title.append(' ');
            }
            title.append(WORDS[draw(WORD_CDF, random)]);
        }
        return new Document(Long.toString(i), title.toString(), "category-" + draw(CATEGORY_CDF, random),
                random.nextLong(10_000), FIRST_TIMESTAMP + i * 1000);
    }

    /** Query {@code q}: two words, joined by a space. */
    static String queryText(long q) {
        SplittableRandom random = new SplittableRandom(0x9E77L * 31 + q);
        return WORDS[draw(WORD_CDF, random)] + " " + WORDS[draw(WORD_CDF, random)];
    }

    /** Pronounceable, distinct, lower-case ASCII words (the standard analyzer keeps them whole). */
    private static String[] words() {
        String consonants = "bcdfghjklmnprstvz";
        String vowels = "aeiou";
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder word = new StringBuilder();
            int n = i;
            do {
                word.append(consonants.charAt(n % consonants.length()));
                n /= consonants.length();
                word.append(vowels.charAt(n % vowels.length()));
                n /= vowels.length();
            } while (n > 0);
            words[i] = word.toString();
        }
        return words;
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, SplittableRandom random) {
        int index = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, index >= 0 ? index : -index - 1);
    }
}
