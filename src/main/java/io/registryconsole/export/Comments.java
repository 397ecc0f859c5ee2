package io.registryconsole.export;

/**
 * User-chosen names (environment, registry) end up in comments of TOML, YAML, nginx and shell files: one
 * line break there would turn the rest of the name into configuration or a command.
 */
final class Comments {

    private Comments() {
    }

    /** The text with every control character (line breaks included) replaced by '?'. */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return b.toString();
    }
}
