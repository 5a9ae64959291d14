package dev.punctual.agent.config;

/**
 * Checks text against a character class written as in a regular expression's brackets ({@code "a-z0-9.-"}:
 * ranges, and single characters; a '-' last is itself). The configuration is read in premain, where
 * compiling a {@link java.util.regex.Pattern} costs every application's start-up for a handful of
 * characters to check (docs/performance.md).
 */
final class CharClass {
    private CharClass() {
    }

    /** Whether {@code text} is not empty and every character of it is in {@code chars}. */
    static boolean all(String text, String chars) {
        return !text.isEmpty() && allIn(text, 0, text.length(), chars);
    }

    /** Whether {@code text} is not empty, starts with one of {@code first} and goes on with {@code rest}. */
    static boolean word(String text, String first, String rest) {
        return !text.isEmpty() && in(text.charAt(0), first) && allIn(text, 1, text.length(), rest);
    }

    /** Whether {@code text} is {@code [...]} with at least one character inside, all in {@code chars}. */
    static boolean bracketed(String text, String chars) {
        return text.length() >= 3 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']'
                && allIn(text, 1, text.length() - 1, chars);
    }

    /** The end of the run of ASCII digits that starts at {@code from}. */
    static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The index of the first character at or after {@code from} that is not white space as regex \s reads it. */
    static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    static boolean in(char c, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            char lo = chars.charAt(i);
            if (i + 2 < chars.length() && chars.charAt(i + 1) == '-') {
                if (c >= lo && c <= chars.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (c == lo) {
                return true;
            }
        }
        return false;
    }

    /** Whether every character of text[from, to) is in {@code chars}: true when there is none. */
    private static boolean allIn(String text, int from, int to, String chars) {
        for (int i = from; i < to; i++) {
            if (!in(text.charAt(i), chars)) {
                return false;
            }
        }
        return true;
    }
}
