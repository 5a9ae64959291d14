package dev.punctual.cli;

/**
 * Text that came from the target (thread, class and method names, hosts, exception messages, the
 * command line) may hold anything. Printed as it is, an escape sequence would move a terminal's cursor,
 * retitle its window or clear its screen, a line break would forge a line of output, and a bidirectional
 * control would show the text in another order than it has.
 */
public final class Text {
    private Text() {
    }

    /** {@code s} on one line, every control character (C0, C1, line and bidi controls) a space. */
    public static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(isControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029' // line and paragraph separators
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' || c == '\u200e' || c == '\u200f'; // bidi
    }
}
