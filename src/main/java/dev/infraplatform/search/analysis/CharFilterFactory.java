package dev.infraplatform.search.analysis;

import java.io.Reader;

/** Wraps the text's reader before tokenization (html_strip, mapping, pattern_replace). */
@FunctionalInterface
interface CharFilterFactory {
    Reader create(Reader input);
}
