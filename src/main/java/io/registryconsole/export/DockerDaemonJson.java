package io.registryconsole.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /etc/docker/daemon.json}: registry-mirrors, insecure-registries, max-concurrent-downloads,
 * max-download-attempts; plus {@code certs.d/<host>/ca.crt} for registries with their own CA, because
 * dockerd reads CAs from there and not from daemon.json.
 */
final class DockerDaemonJson implements Renderer {

    @Override
    public Format format() {
        return Format.DOCKER_DAEMON;
    }

    @Override
    public ExportResult render(ExportEnvironment env, ExportOptions options) {
        List<String> warnings = new ArrayList<>();
        List<String> mirrors = new ArrayList<>();
        for (ExportBinding m : env.mirrors()) {
            if (!Hosts.DOCKER_HUB.equals(m.mirrorOf())) {
                warnings.add("registry-mirrors applies to Docker Hub only: mirror " + m.registryName() + " of "
                        + m.mirrorOf() + " not applicable (use the containerd-hosts or registries-conf export)");
            } else if (!m.prefix().isEmpty()) {
                warnings.add("mirror " + m.registryName() + " has a repository prefix (/" + m.prefix()
                        + "); dockerd accepts registry-mirrors without a path only: not applicable");
            } else {
                mirrors.add(m.origin());
                if (m.credential().isPresent()) {
                    warnings.add("mirror " + m.registryName() + " needs a login, but dockerd sends registry-mirrors"
                            + " only the Docker Hub login (docker login without a server)");
                }
            }
        }
        Set<String> insecure = new LinkedHashSet<>();
        for (ExportBinding b : env.bindings()) {
            boolean applies = b.role() == BindingRole.PRIMARY || mirrors.contains(b.origin());
            if (applies && !b.dockerHub() && (b.insecure() || b.plainHttp())) {
                insecure.add(b.hostPort());
            }
        }

        ObjectNode root = Formats.JSON.createObjectNode();
        if (!mirrors.isEmpty()) {
            mirrors.forEach(root.putArray("registry-mirrors")::add);
        }
        if (!insecure.isEmpty()) {
            insecure.forEach(root.putArray("insecure-registries")::add);
        }
        Integer downloads = env.maxConcurrentDownloads();
        if (downloads != null && downloads > 0) {
            root.put("max-concurrent-downloads", downloads);
        }
        root.put("max-download-attempts", options.maxDownloadAttempts());

        List<ExportFile> files = new ArrayList<>();
        files.add(new ExportFile("daemon.json", "/etc/docker/daemon.json", Formats.json(root), "application/json"));
        Set<String> caHosts = new LinkedHashSet<>();
        for (ExportBinding b : env.bindings()) {
            if (b.caPem() != null && !b.plainHttp() && caHosts.add(b.hostPort())) {
                files.add(new ExportFile("certs.d/" + b.hostPort() + "/ca.crt",
                        options.dockerCertsDir() + "/" + b.hostPort() + "/ca.crt", Pem.normalise(b.caPem()),
                        "application/x-pem-file"));
            }
        }
        if (env.hasCredentials()) {
            warnings.add("daemon.json holds no credentials: use the docker-config export (docker login)");
        }
        return new ExportResult(format(), files, warnings, false);
    }
}
