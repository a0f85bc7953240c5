package dev.infraplatform.cache.engine;

/**
 * Redis' glob-style pattern matching (util.c stringmatchlen) for KEYS, SCAN MATCH and
 * PSUBSCRIBE: {@code *} any run, {@code ?} one byte, {@code [abc]}, {@code [^a]}, {@code [a-z]},
 * {@code \} escapes. Works on bytes.
 */
final class Glob {

    private Glob() {
    }

    static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si) {
        while (pi < p.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int i = si; i <= s.length; i++) {
                        if (match(p, pi + 1, s, i)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean matched = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (p[pi] == s[si]) {
                                matched = true;
                            }
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int start = p[pi] & 0xFF;
                            int end = p[pi + 2] & 0xFF;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            int c = s[si] & 0xFF;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                            pi += 2;
                        } else if (p[pi] == s[si]) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (pi >= p.length) {
                        pi--; // unterminated class: Redis treats the end as the closing bracket
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
    }
}
