package dev.infraplatform.search.engine;

/**
 * Elasticsearch's {@code fuzziness}: {@code 0}, {@code 1}, {@code 2} edits, or {@code AUTO}
 * ({@code AUTO:3,6}: terms shorter than 3 characters must match exactly, 3 to 5 characters allow
 * one edit, longer ones two).
 */
record Fuzziness(int edits, int autoLow, int autoHigh, boolean auto) {

    static Fuzziness parse(Object value) {
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("AUTO")) {
            return new Fuzziness(0, 3, 6, true);
        }
        try {
            if (text.regionMatches(true, 0, "AUTO:", 0, 5)) {
                String[] bounds = text.substring(5).split(",");
                int low = Integer.parseInt(bounds[0].trim());
                int high = Integer.parseInt(bounds[1].trim());
                if (low < 0 || high < low) {
                    throw new NumberFormatException();
                }
                return new Fuzziness(0, low, high, true);
            }
            float edits = Float.parseFloat(text);
            if (edits < 0 || edits > 2 || edits != (int) edits) {
                throw new QueryParsingException("Valid edit distances are [0, 1, 2] but was [" + text + "]");
            }
            return new Fuzziness((int) edits, 0, 0, false);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new QueryParsingException("failed to parse [fuzziness] value [" + text + "]");
        }
    }

    /** The edit distance allowed for a term of this text. */
    int editsFor(String term) {
        if (!auto) {
            return edits;
        }
        int length = term.codePointCount(0, term.length());
        return length < autoLow ? 0 : length < autoHigh ? 1 : 2;
    }
}
