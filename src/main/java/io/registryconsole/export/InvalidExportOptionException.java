package io.registryconsole.export;

/** An export option the user chose is not valid; names the option so the API can report it as a field error. */
public class InvalidExportOptionException extends IllegalArgumentException {

    private final String field;

    public InvalidExportOptionException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
