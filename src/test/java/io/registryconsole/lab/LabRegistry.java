package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running lab registry (Debian's docker-registry, CNCF distribution 2.8.2) on 127.0.0.1, with its seeded
 * images. Obtain one from {@link RegistryLab}; never stop it (it is shared by all tests of the JVM).
 */
public final class LabRegistry {

    /** Username and password; {@code toString()} hides the password. */
    public record Credentials(String username, String password) {

        /** {@code user:password}, as skopeo's {@code --creds} wants it. */
        public String colonSeparated() {
            return username + ":" + password;
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    private final RegistryLab.Variant variant;
    private final Path dir;
    private final RegistryProcess process;
    private final boolean tls;
    private final boolean certificateSound;
    private final String caPem;
    private final String certificatePem;
    private final Credentials credentials;
    private final TokenIssuer tokenIssuer;
    private final Map<String, SeededImage> images = Collections.synchronizedMap(new LinkedHashMap<>());

    LabRegistry(RegistryLab.Variant variant, Path dir, RegistryProcess process, boolean tls, boolean certificateSound,
            String caPem, String certificatePem, Credentials credentials, TokenIssuer tokenIssuer) {
        this.variant = variant;
        this.dir = dir;
        this.process = process;
        this.tls = tls;
        this.certificateSound = certificateSound;
        this.caPem = caPem;
        this.certificatePem = certificatePem;
        this.credentials = credentials;
        this.tokenIssuer = tokenIssuer;
    }

    public RegistryLab.Variant variant() {
        return variant;
    }

    /** Short name for messages, e.g. {@code tlsBasic}. */
    public String name() {
        return variant.label();
    }

    /** True for https registries. */
    public boolean tls() {
        return tls;
    }

    /** {@code http://127.0.0.1:<port>} or {@code https://127.0.0.1:<port>} (no trailing slash). */
    public URI baseUrl() {
        return URI.create((tls ? "https" : "http") + "://" + hostPort());
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return process.port();
    }

    /** {@code 127.0.0.1:<port>}: the registry part of image references. */
    public String hostPort() {
        return host() + ":" + port();
    }

    /** {@code 127.0.0.1:<port>/<repoTag>}, e.g. for {@code library/alpine-test:3.19}. */
    public String reference(String repoTag) {
        return hostPort() + "/" + repoTag;
    }

    /** {@code docker://127.0.0.1:<port>/<repoTag>} for skopeo. */
    public String dockerReference(String repoTag) {
        return "docker://" + reference(repoTag);
    }

    /** The user that may push and pull everything, if the registry requires one. */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * PEM of the CA to trust for this registry: the lab CA for CA-signed certificates (also the expired and
     * wrong-host ones), the certificate itself for the self-signed one, null for plain HTTP.
     */
    public String caPem() {
        return caPem;
    }

    /** PEM of the certificate the registry presents, null for plain HTTP. */
    public String certificatePem() {
        return certificatePem;
    }

    /** File holding {@link #caPem()} (inside {@link #certDir()}), null for plain HTTP. */
    public Path caFile() {
        return tls ? certDir().resolve("ca.crt") : null;
    }

    /**
     * A folder holding only {@code ca.crt}, for skopeo's {@code --cert-dir}/{@code --src-cert-dir}/
     * {@code --dest-cert-dir} (and the containers certs.d layout); null for plain HTTP.
     */
    public Path certDir() {
        return tls ? dir.resolve("certs.d") : null;
    }

    /** True when the certificate is CA-signed, current and names 127.0.0.1 (false for the defective ones). */
    public boolean certificateSound() {
        return certificateSound;
    }

    /** The token server of a token-auth registry; throws for other variants. */
    public TokenIssuer tokenIssuer() {
        if (tokenIssuer == null) {
            throw new IllegalStateException("the " + name() + " registry has no token issuer");
        }
        return tokenIssuer;
    }

    /** The registry's storage root ({@code storage.filesystem.rootdirectory}). */
    public Path storageDir() {
        return dir.resolve("storage");
    }

    /** The data file of a blob in the registry's storage. */
    public Path blobDataFile(String digest) {
        String hex = ImageWriter.hex(digest);
        return storageDir().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
            .resolve("data");
    }

    /** Holds registry.log, the registry's output including its access log. */
    public Path logsDir() {
        return dir.resolve("logs");
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The last {@code lines} lines of the registry's log, for failure messages. */
    public String logTail(int lines) {
        return Programs.tail(logFile(), lines);
    }

    /** The config.yml the registry runs with. */
    public Path configFile() {
        return dir.resolve("config.yml");
    }

    /** The seeded image {@code repository:tag}. */
    public SeededImage image(String reference) {
        SeededImage image = images.get(reference);
        if (image == null) {
            throw new IllegalArgumentException("the " + name() + " registry has no seeded " + reference
                + "; it has " + images.keySet());
        }
        return image;
    }

    /** Every seeded image by {@code repository:tag}. */
    public Map<String, SeededImage> images() {
        synchronized (images) {
            return Map.copyOf(images);
        }
    }

    /**
     * skopeo options for this registry: trust (cert dir with the CA, or {@code tls-verify=false} for plain HTTP
     * and for defective certificates) and credentials. {@code prefix} is {@code ""} for inspect,
     * {@code "src-"} or {@code "dest-"} for copy.
     */
    public List<String> skopeoOptions(String prefix) {
        return skopeoOptions(prefix, certificateSound);
    }

    /** Like {@link #skopeoOptions(String)}; {@code verifyTls=true} trusts only the CA (to see TLS errors). */
    public List<String> skopeoOptions(String prefix, boolean verifyTls) {
        List<String> options = new ArrayList<>();
        if (!tls || !verifyTls) {
            options.add("--" + prefix + "tls-verify=false");
        } else {
            options.add("--" + prefix + "cert-dir");
            options.add(certDir().toString());
        }
        if (credentials != null) {
            options.add("--" + prefix + "creds");
            options.add(credentials.colonSeparated());
        }
        return options;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void stop() {
        process.stop();
    }

    void add(SeededImage image) {
        images.put(image.reference(), image);
    }

    static void writeCertDir(Path dir, String caPem) {
        try {
            Files.createDirectories(dir.resolve("certs.d"));
            Files.writeString(dir.resolve("certs.d").resolve("ca.crt"), caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "LabRegistry[" + name() + " " + baseUrl() + "]";
    }
}
