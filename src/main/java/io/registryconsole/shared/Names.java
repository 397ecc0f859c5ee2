package io.registryconsole.shared;

/** Naming rules shared by registries and environments: names end up in file names, secrets and config keys. */
public final class Names {

    public static final String PATTERN = "^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$";
    public static final String MESSAGE =
        "use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
    public static final String LABEL_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9._:/=-]{0,61}[A-Za-z0-9])?$";
    public static final String LABEL_MESSAGE =
        "use 1 to 63 letters, digits, '.', '_', ':', '/', '=' or '-', starting and ending with a letter or digit";

    private Names() {
    }
}
