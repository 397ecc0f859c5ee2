package io.registryconsole.export;

/**
 * Why a file cannot be imported, located as precisely as the parser allows.
 *
 * @param line    1-based line, or null when unknown
 * @param column  1-based column, or null
 * @param field   the field, e.g. {@code registry-mirrors[1]}, or null for syntax errors
 * @param message what is wrong (never holds a secret)
 */
public record ImportProblem(Integer line, Integer column, String field, String message) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (line != null) {
            b.append("line ").append(line);
            if (column != null) {
                b.append(", column ").append(column);
            }
            b.append(": ");
        }
        if (field != null) {
            b.append(field).append(": ");
        }
        return b.append(message).toString();
    }
}
