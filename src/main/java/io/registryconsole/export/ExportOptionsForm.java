package io.registryconsole.export;

/**
 * Export options as query parameters (API) or form fields (page); blank or absent keeps the default.
 * {@link #toOptions()} validates through {@link ExportOptions}.
 */
public record ExportOptionsForm(String secretNamespace, String secretName, String serviceAccount, String podImage,
                                String nginxHeader, String nginxListen, String nginxServerName,
                                String nginxDefaultRegistry, Integer maxDownloadAttempts) {

    public ExportOptions toOptions() {
        ExportOptions defaults = ExportOptions.defaults();
        ExportOptions.Builder b = defaults.toBuilder();
        b.secret(or(secretNamespace, defaults.secretNamespace()), or(secretName, defaults.secretName()));
        b.serviceAccount(or(serviceAccount, defaults.serviceAccount()));
        b.podImage(or(podImage, defaults.podImage()));
        b.nginxHeader(or(nginxHeader, defaults.nginxHeader()));
        b.nginxListen(or(nginxListen, defaults.nginxListen()));
        b.nginxServerName(or(nginxServerName, defaults.nginxServerName()));
        b.nginxDefaultRegistry(or(nginxDefaultRegistry, defaults.nginxDefaultRegistry()));
        if (maxDownloadAttempts != null) {
            b.maxDownloadAttempts(maxDownloadAttempts);
        }
        return b.build();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
