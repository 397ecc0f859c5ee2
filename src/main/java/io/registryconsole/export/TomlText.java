package io.registryconsole.export;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes TOML by hand: Jackson's TOML generator writes dotted keys on one level, while containerd and
 * containers-registries.conf are documented (and read by people) as {@code [table]} sections whose order
 * matters. Only the pieces the exports need; values are always escaped.
 */
final class TomlText {

    private final StringBuilder out = new StringBuilder();

    /** A TOML basic string: quotes, backslash and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String array(List<String> values) {
        return values.stream().map(TomlText::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    TomlText comment(String text) {
        for (String line : text.split("\n", -1)) {
            out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        return this;
    }

    TomlText blank() {
        out.append('\n');
        return this;
    }

    /** {@code [a."b.c"]}: each part quoted unless it is a bare key. */
    TomlText table(String... keys) {
        out.append('[').append(dotted(keys)).append("]\n");
        return this;
    }

    TomlText arrayTable(String... keys) {
        out.append("[[").append(dotted(keys)).append("]]\n");
        return this;
    }

    TomlText put(String indent, String key, String value) {
        out.append(indent).append(key(key)).append(" = ").append(quote(value)).append('\n');
        return this;
    }

    TomlText put(String indent, String key, boolean value) {
        out.append(indent).append(key(key)).append(" = ").append(value).append('\n');
        return this;
    }

    TomlText put(String indent, String key, long value) {
        out.append(indent).append(key(key)).append(" = ").append(value).append('\n');
        return this;
    }

    TomlText put(String indent, String key, List<String> values) {
        out.append(indent).append(key(key)).append(" = ").append(array(values)).append('\n');
        return this;
    }

    private static String dotted(String... keys) {
        return java.util.Arrays.stream(keys).map(TomlText::key).collect(Collectors.joining("."));
    }

    static String key(String k) {
        return !k.isEmpty() && k.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')
                ? k : quote(k);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
