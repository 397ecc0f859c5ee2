package io.registryconsole.export;

/**
 * An environment's HTTP proxy as the nodes' services need it; null or blank fields are left out. The password is
 * present only in an environment read with credentials (ADMIN, audited); {@code passwordWithheld} says that one is
 * stored but was not read, so the files can say it is missing.
 */
public record ExportProxy(String httpProxy, String httpsProxy, String noProxy, String username, String password,
                          boolean passwordWithheld) {

    public ExportProxy(String httpProxy, String httpsProxy, String noProxy, String username, String password) {
        this(httpProxy, httpsProxy, noProxy, username, password, false);
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    ExportProxy withPassword(String replacement) {
        return new ExportProxy(httpProxy, httpsProxy, noProxy, username, replacement,
            replacement == null && (passwordWithheld || hasPassword()));
    }

    @Override
    public String toString() {
        return "ExportProxy[" + httpProxy + ", " + httpsProxy + ", noProxy=" + noProxy + ", username=" + username
            + (hasPassword() ? ", password set]" : "]");
    }
}
