package io.registryconsole.pull;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Existing tags ordered by how close they are to a tag that does not exist: edit distance, then version distance. */
final class TagSuggestions {

    private TagSuggestions() {
    }

    static List<String> closest(String wanted, List<String> tags, int max) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return tags.stream().distinct()
            .sorted(Comparator.<String>comparingInt(t -> distance(w, t.toLowerCase(Locale.ROOT)))
                .thenComparingDouble(t -> versionDistance(w, t))
                .thenComparing(Comparator.<String>comparingInt(t -> commonPrefix(w, t)).reversed())
                .thenComparing(Comparator.naturalOrder()))
            .limit(max).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** |a - b| read as dotted version numbers (1.25.3, v2.0); tags that are not versions are far away. */
    static double versionDistance(String a, String b) {
        double[] x = version(a);
        double[] y = version(b);
        if (x == null || y == null) {
            return Double.MAX_VALUE;
        }
        double d = 0;
        double weight = 1;
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            d += Math.abs((i < x.length ? x[i] : 0) - (i < y.length ? y[i] : 0)) * weight;
            weight /= 1000;
        }
        return d;
    }

    private static double[] version(String tag) {
        String t = tag.startsWith("v") ? tag.substring(1) : tag;
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) {
            end++;
        }
        String numeric = t.substring(0, end);
        if (numeric.isEmpty() || numeric.startsWith(".") || numeric.contains("..")) {
            return null;
        }
        String[] parts = numeric.split("\\.");
        double[] v = new double[Math.min(parts.length, 4)];
        for (int i = 0; i < v.length; i++) {
            if (parts[i].length() > 9) {
                return null;
            }
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }
}
