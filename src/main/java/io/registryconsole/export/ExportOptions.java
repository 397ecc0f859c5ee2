package io.registryconsole.export;

import java.util.regex.Pattern;

/**
 * Choices the user makes per export. Every value is validated here, so renderers can put them into
 * files without further checks. Build with {@link #defaults()} and {@link #toBuilder()}.
 *
 * @param secretName          Kubernetes Secret name (DNS-1123 subdomain)
 * @param secretNamespace     Kubernetes namespace (DNS-1123 label)
 * @param serviceAccount      ServiceAccount to patch (DNS-1123 subdomain)
 * @param podImage            image for the Pod snippet; null: an example on the first primary registry
 * @param nginxHeader         request header that chooses the registry, e.g. {@code X-Registry}
 * @param nginxListen         nginx {@code listen} value: a port or address:port
 * @param nginxServerName     nginx {@code server_name}
 * @param nginxDefaultRegistry registry name used without (or with an unknown) header; null: first primary
 * @param nginxCertsDir       where nginx finds the CA files of registries with their own CA
 * @param nginxSystemCaBundle CA bundle nginx verifies the other registries with
 * @param containerdCertsDir  containerd's config_path
 * @param k3sCertsDir         where k3s nodes keep registry CA files
 * @param dockerCertsDir      dockerd's per-registry certificate folder
 * @param containersCertsDir  podman/CRI-O/skopeo's per-registry certificate folder
 * @param maxDownloadAttempts dockerd's max-download-attempts
 */
public record ExportOptions(String secretName, String secretNamespace, String serviceAccount, String podImage,
                            String nginxHeader, String nginxListen, String nginxServerName,
                            String nginxDefaultRegistry, String nginxCertsDir, String nginxSystemCaBundle,
                            String containerdCertsDir, String k3sCertsDir, String dockerCertsDir,
                            String containersCertsDir, int maxDownloadAttempts) {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:]+]:|[A-Za-z0-9.-]+:)?[0-9]{1,5}");
    private static final Pattern SERVER_NAME = Pattern.compile("_|[A-Za-z0-9*.-]+( [A-Za-z0-9*.-]+)*");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9._:/@+-]+");

    public ExportOptions {
        check(secretName != null && secretName.length() <= 253 && DNS1123_SUBDOMAIN.matcher(secretName).matches(),
                "secretName", secretName, "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253");
        check(secretNamespace != null && secretNamespace.length() <= 63
                        && DNS1123_LABEL.matcher(secretNamespace).matches(),
                "secretNamespace", secretNamespace, "a DNS-1123 label: lower-case letters, digits and '-', at most 63");
        check(serviceAccount != null && serviceAccount.length() <= 253
                        && DNS1123_SUBDOMAIN.matcher(serviceAccount).matches(),
                "serviceAccount", serviceAccount, "a DNS-1123 subdomain");
        check(podImage == null || (podImage.length() <= 512 && IMAGE.matcher(podImage).matches()),
                "podImage", podImage, "an image reference such as registry.example.com/team/app:1.0");
        check(nginxHeader != null && nginxHeader.length() <= 64 && HEADER.matcher(nginxHeader).matches(),
                "nginxHeader", nginxHeader, "an HTTP header name of letters, digits and '-'");
        check(nginxListen != null && LISTEN.matcher(nginxListen).matches(),
                "nginxListen", nginxListen, "a port or address:port");
        check(nginxServerName != null && SERVER_NAME.matcher(nginxServerName).matches(),
                "nginxServerName", nginxServerName, "'_' or host names separated by spaces");
        check(nginxDefaultRegistry == null || !nginxDefaultRegistry.isBlank(),
                "nginxDefaultRegistry", nginxDefaultRegistry, "a registry name of the environment");
        for (String[] dir : new String[][] {{"nginxCertsDir", nginxCertsDir}, {"nginxSystemCaBundle", nginxSystemCaBundle},
                {"containerdCertsDir", containerdCertsDir}, {"k3sCertsDir", k3sCertsDir},
                {"dockerCertsDir", dockerCertsDir}, {"containersCertsDir", containersCertsDir}}) {
            check(dir[1] != null && dir[1].length() <= 1024 && PATH.matcher(dir[1]).matches(), dir[0], dir[1],
                    "an absolute path of letters, digits, '.', '_', '+', '-' and '/'");
        }
        check(maxDownloadAttempts >= 1 && maxDownloadAttempts <= 100, "maxDownloadAttempts",
                String.valueOf(maxDownloadAttempts), "between 1 and 100");
        nginxCertsDir = stripTrailingSlash(nginxCertsDir);
        containerdCertsDir = stripTrailingSlash(containerdCertsDir);
        k3sCertsDir = stripTrailingSlash(k3sCertsDir);
        dockerCertsDir = stripTrailingSlash(dockerCertsDir);
        containersCertsDir = stripTrailingSlash(containersCertsDir);
    }

    public static ExportOptions defaults() {
        return new ExportOptions("registry-credentials", "default", "default", null,
                "X-Registry", "5000", "_", null, "/etc/nginx/registry-ca", "/etc/ssl/certs/ca-certificates.crt",
                "/etc/containerd/certs.d", "/etc/rancher/k3s/certs", "/etc/docker/certs.d",
                "/etc/containers/certs.d", 5);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void check(boolean ok, String field, String value, String expected) {
        if (!ok) {
            throw new InvalidExportOptionException(field, value == null ? "missing" : "'" + value + "' is not " + expected);
        }
    }

    private static String stripTrailingSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    /** Changes a few options; {@link #build()} validates. */
    public static final class Builder {
        private String secretName, secretNamespace, serviceAccount, podImage, nginxHeader, nginxListen,
                nginxServerName, nginxDefaultRegistry, nginxCertsDir, nginxSystemCaBundle, containerdCertsDir,
                k3sCertsDir, dockerCertsDir, containersCertsDir;
        private int maxDownloadAttempts;

        private Builder(ExportOptions o) {
            secretName = o.secretName;
            secretNamespace = o.secretNamespace;
            serviceAccount = o.serviceAccount;
            podImage = o.podImage;
            nginxHeader = o.nginxHeader;
            nginxListen = o.nginxListen;
            nginxServerName = o.nginxServerName;
            nginxDefaultRegistry = o.nginxDefaultRegistry;
            nginxCertsDir = o.nginxCertsDir;
            nginxSystemCaBundle = o.nginxSystemCaBundle;
            containerdCertsDir = o.containerdCertsDir;
            k3sCertsDir = o.k3sCertsDir;
            dockerCertsDir = o.dockerCertsDir;
            containersCertsDir = o.containersCertsDir;
            maxDownloadAttempts = o.maxDownloadAttempts;
        }

        public Builder secret(String namespace, String name) { secretNamespace = namespace; secretName = name; return this; }
        public Builder serviceAccount(String v) { serviceAccount = v; return this; }
        public Builder podImage(String v) { podImage = v; return this; }
        public Builder nginxHeader(String v) { nginxHeader = v; return this; }
        public Builder nginxListen(String v) { nginxListen = v; return this; }
        public Builder nginxServerName(String v) { nginxServerName = v; return this; }
        public Builder nginxDefaultRegistry(String v) { nginxDefaultRegistry = v; return this; }
        public Builder nginxCertsDir(String v) { nginxCertsDir = v; return this; }
        public Builder nginxSystemCaBundle(String v) { nginxSystemCaBundle = v; return this; }
        public Builder containerdCertsDir(String v) { containerdCertsDir = v; return this; }
        public Builder k3sCertsDir(String v) { k3sCertsDir = v; return this; }
        public Builder dockerCertsDir(String v) { dockerCertsDir = v; return this; }
        public Builder containersCertsDir(String v) { containersCertsDir = v; return this; }
        public Builder maxDownloadAttempts(int v) { maxDownloadAttempts = v; return this; }

        public ExportOptions build() {
            return new ExportOptions(secretName, secretNamespace, serviceAccount, podImage, nginxHeader, nginxListen,
                    nginxServerName, nginxDefaultRegistry, nginxCertsDir, nginxSystemCaBundle, containerdCertsDir,
                    k3sCertsDir, dockerCertsDir, containersCertsDir, maxDownloadAttempts);
        }
    }
}
