package io.registryconsole.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.registryconsole.lab.Programs;

/**
 * The stand-ins for Docker Hub's base images, built from Debian packages in an isolated {@link DockerEngine}: a
 * {@code debootstrap --variant=minbase bookworm} root imported as the base, and on top of it (Dockerfiles, built with
 * {@code --network host} because the engine has no bridge: apt talks only to the configured Debian mirror) a JRE, a
 * PostgreSQL that initialises itself like the official image, and one "tools" image (docker-registry, skopeo, curl,
 * nginx) that the registry, seed, init and nginx images only give an entrypoint. Building takes minutes, so every
 * built image is kept as a {@code docker save} tarball under {@code /var/cache/registry-console-test} (override:
 * {@code -Dregistry-console.image-cache=...}), named by a hash of its recipe and the mirror, and loaded from there.
 */
final class DebianImages {

    static final String BASE = "rc-e2e/debian:bookworm";
    static final String JRE = "rc-e2e/jre:17";
    static final String POSTGRES = "rc-e2e/postgres:15";
    static final String TOOLS = "rc-e2e/tools:bookworm";
    static final String REGISTRY = "rc-e2e/registry:2";
    static final String SKOPEO = "rc-e2e/skopeo:1";
    static final String CURL = "rc-e2e/curl:1";
    static final String NGINX = "rc-e2e/nginx:1";

    private static final Duration BUILD = Duration.ofMinutes(20);

    private static final String APT = "RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ";
    private static final String APT_CLEAN = " && apt-get clean && rm -rf /var/lib/apt/lists/*\n";

    private static final String JRE_DOCKERFILE = "FROM " + BASE + "\n"
        + APT + "openjdk-17-jre-headless ca-certificates" + APT_CLEAN;

    // like the official image: POSTGRES_USER/PASSWORD/DB on the first start, then the server on every address
    private static final String POSTGRES_ENTRYPOINT = """
        #!/bin/sh
        set -eu
        PGDATA=/var/lib/postgresql/data
        uid=$(id -u postgres); gid=$(id -g postgres)
        as_pg() { setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"; }
        mkdir -p "$PGDATA" /run/postgresql /tmp/pg-init
        chown -R postgres:postgres "$PGDATA" /run/postgresql /tmp/pg-init
        chmod 700 "$PGDATA"
        if [ ! -s "$PGDATA/PG_VERSION" ]; then
          printf '%s\\n' "$POSTGRES_PASSWORD" > /tmp/pg-init/pw && chown postgres /tmp/pg-init/pw
          as_pg initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pg-init/pw --auth-local=trust --auth-host=scram-sha-256 >/dev/null
          rm -f /tmp/pg-init/pw
          echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
          # a private socket while initialising, so the health check says ready only for the real server
          as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp/pg-init" -w start >/dev/null
          as_pg psql -h /tmp/pg-init -U "$POSTGRES_USER" -d postgres -q -c "CREATE DATABASE \\"$POSTGRES_DB\\""
          as_pg pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
        fi
        exec setpriv --reuid="$uid" --regid="$gid" --clear-groups postgres -D "$PGDATA" -c listen_addresses='*'
        """;

    private static final String POSTGRES_DOCKERFILE = "FROM " + BASE + "\n"
        + APT + "postgresql-15 && rm -rf /var/lib/postgresql/15/main /etc/postgresql/15/main" + APT_CLEAN
        + "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
        + "COPY entrypoint.sh /entrypoint.sh\n"
        + "RUN chmod 755 /entrypoint.sh\n"
        + "EXPOSE 5432\n"
        + "ENTRYPOINT [\"/entrypoint.sh\"]\n";

    private static final String TOOLS_DOCKERFILE = "FROM " + BASE + "\n"
        + APT + "docker-registry skopeo curl wget ca-certificates nginx" + APT_CLEAN
        + "RUN mkdir -p /etc/containers && { [ -f /etc/containers/policy.json ] || "
        + "echo '{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}' > /etc/containers/policy.json; }\n";

    private static final String REGISTRY_CONFIG = """
        version: 0.1
        storage:
          filesystem:
            rootdirectory: /var/lib/registry
          delete:
            enabled: true
        http:
          addr: :5000
        """;

    private final DockerEngine engine;
    private final Path cacheDir;
    private final Path workDir;
    private final String mirror;
    private final List<String> log = new ArrayList<>();

    DebianImages(DockerEngine engine, Path workDir) {
        this.engine = engine;
        this.workDir = workDir;
        this.cacheDir = Path.of(System.getProperty("registry-console.image-cache", "/var/cache/registry-console-test"));
        this.mirror = debianMirror();
    }

    /** What was built and what was loaded from the cache, with the seconds each took. */
    List<String> log() {
        return log;
    }

    /** Builds or loads every image; the small entrypoint-only images are built each time (seconds). */
    void prepareAll() throws IOException {
        String baseKey = hash("debootstrap --variant=minbase bookworm " + mirror + " policy-rc.d 101");
        cached(BASE, baseKey, this::buildBase);
        cached(JRE, hash(baseKey + JRE_DOCKERFILE), () -> build(JRE, JRE_DOCKERFILE, Map.of()));
        cached(POSTGRES, hash(baseKey + POSTGRES_DOCKERFILE + POSTGRES_ENTRYPOINT),
            () -> build(POSTGRES, POSTGRES_DOCKERFILE, Map.of("entrypoint.sh", POSTGRES_ENTRYPOINT)));
        cached(TOOLS, hash(baseKey + TOOLS_DOCKERFILE), () -> build(TOOLS, TOOLS_DOCKERFILE, Map.of()));
        build(REGISTRY, "FROM " + TOOLS + "\nCOPY config.yml /etc/docker/registry/config.yml\nEXPOSE 5000\n"
            + "CMD [\"/usr/bin/docker-registry\", \"serve\", \"/etc/docker/registry/config.yml\"]\n", Map.of("config.yml", REGISTRY_CONFIG));
        build(SKOPEO, "FROM " + TOOLS + "\nENTRYPOINT [\"skopeo\"]\n", Map.of());
        build(CURL, "FROM " + TOOLS + "\nENTRYPOINT [\"curl\"]\n", Map.of());
        build(NGINX, "FROM " + TOOLS + "\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", Map.of());
    }

    /** Tags {@code image} as {@code target} and pushes it (a loopback registry: the engine allows plain HTTP there). */
    void push(String image, String target) {
        engine.docker(List.of("tag", image, target)).stdoutOrThrow();
        engine.docker(List.of("push", target), BUILD).stdoutOrThrow();
    }

    private interface Builder {
        void build() throws IOException;
    }

    private void cached(String image, String key, Builder builder) throws IOException {
        Path tarball = cacheDir.resolve(image.replaceAll("[/:]", "_") + "-" + key.substring(0, 16) + ".tar");
        long start = System.nanoTime();
        if (Files.isRegularFile(tarball)) {
            Programs.Result load = engine.docker(List.of("load", "-q", "-i", tarball.toString()), BUILD);
            if (load.ok()) {
                log.add(image + " loaded from " + tarball + " in " + seconds(start) + " s");
                return;
            }
            Files.delete(tarball); // a broken tarball (an interrupted save): build again
        }
        builder.build();
        Files.createDirectories(cacheDir);
        Path partial = tarball.resolveSibling(tarball.getFileName() + ".partial");
        engine.docker(List.of("save", "-o", partial.toString(), image), BUILD).stdoutOrThrow();
        Files.move(partial, tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.add(image + " built and cached as " + tarball + " in " + seconds(start) + " s");
    }

    private void buildBase() throws IOException {
        Path debootstrap = Programs.require("debootstrap", "debootstrap");
        Path root = workDir.resolve("rootfs");
        Programs.Result bootstrap = Programs.run(List.of(debootstrap.toString(), "--variant=minbase", "bookworm", root.toString(), mirror),
            Map.of(), BUILD);
        if (!bootstrap.ok()) {
            throw new IllegalStateException("debootstrap from " + mirror + " failed: " + bootstrap.describe());
        }
        // as in Debian's official images: package scripts never start services inside an image build
        Files.writeString(root.resolve("usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
        root.resolve("usr/sbin/policy-rc.d").toFile().setExecutable(true, false);
        Path tar = workDir.resolve("rootfs.tar");
        Programs.run(List.of("tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), "."), Map.of(), BUILD).stdoutOrThrow();
        Programs.run(List.of("rm", "-rf", "--one-file-system", root.toString()), Map.of(), BUILD).stdoutOrThrow();
        engine.docker(List.of("import", "--change", "CMD [\"bash\"]", tar.toString(), BASE), BUILD).stdoutOrThrow();
        Files.delete(tar);
    }

    private void build(String image, String dockerfile, Map<String, String> files) throws IOException {
        long start = System.nanoTime();
        Path context = Files.createDirectories(workDir.resolve("build-" + image.replaceAll("[/:]", "_")));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(context.resolve(file.getKey()), file.getValue());
        }
        // the engine has no bridge; the build's apt-get reaches the Debian mirror through the host's network
        Programs.Result build = engine.docker(List.of("build", "--network", "host", "-q", "-t", image, context.toString()), BUILD);
        if (!build.ok()) {
            throw new IllegalStateException("building " + image + " failed: " + build.describe());
        }
        if (!files.isEmpty() || !dockerfile.contains("apt-get")) {
            log.add(image + " built in " + seconds(start) + " s");
        }
    }

    /** The Debian mirror this machine's apt uses (not the security archive), from sources.list or deb822 sources. */
    static String debianMirror() {
        List<Path> sources = new ArrayList<>();
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)) {
            sources.add(list);
        }
        try (Stream<Path> more = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            more.sorted().forEach(sources::add);
        } catch (IOException e) {
            // no sources.list.d: only sources.list
        }
        for (Path source : sources) {
            try {
                for (String raw : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                    String line = raw.strip();
                    String uri = null;
                    if (line.startsWith("deb ")) {
                        uri = Stream.of(line.substring(4).strip().split("\\s+")).filter(w -> w.startsWith("http")).findFirst().orElse(null);
                    } else if (line.startsWith("URIs:")) {
                        uri = line.substring(5).strip().split("\\s+")[0];
                    }
                    if (uri != null && uri.startsWith("http") && !uri.contains("security")) {
                        return uri;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/*: "
            + "debootstrap needs one to build the base images");
    }

    private static String hash(String recipe) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
