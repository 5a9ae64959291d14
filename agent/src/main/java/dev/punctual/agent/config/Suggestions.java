package dev.punctual.agent.config;

/** "Did you mean" for a mistyped key: the known key within a small edit distance, if any. */
final class Suggestions {
    private static final int MAX_DISTANCE = 3;

    private Suggestions() {
    }

    static String closest(String key) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (Setting<?> s : Settings.ALL) {
            int d = distance(key, s.key());
            if (d < bestDistance) {
                best = s.key();
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
