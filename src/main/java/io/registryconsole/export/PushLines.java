package io.registryconsole.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CI lines that push one image to every PRIMARY registry of an environment: {@code docker tag}/{@code push},
 * or {@code skopeo copy --all} from a source. Passwords are read from environment variables named after
 * the registries ({@code RC_<NAME>_PASSWORD}); the lines never contain a secret.
 */
public final class PushLines {

    /** The two scripts and what the user should know. */
    public record Result(String docker, String skopeo, List<String> targets, List<String> warnings) {
    }

    private static final Pattern IMAGE =
            Pattern.compile("(?:(?<registry>[^/]+[.:][^/]*|localhost)/)?(?<repo>[a-z0-9]+(?:[._/-][a-z0-9]+)*)"
                    + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?");

    /**
     * The repository and tag the lines push {@code image} as: a registry part dropped, {@code latest} when it has no tag;
     * null when it is no image reference.
     */
    static Map.Entry<String, String> repositoryAndTag(String image) {
        Matcher m = IMAGE.matcher(image == null ? "" : image.trim());
        if (!m.matches()) {
            return null;
        }
        return Map.entry(m.group("repo"), m.group("tag") == null ? "latest" : m.group("tag"));
    }

    /**
     * @param image  the image as CI built it, e.g. {@code team/app:1.0} (a registry part is dropped for the targets)
     * @param source for skopeo: a source reference such as {@code docker://ci.example.com/app:1.0} or
     *               {@code oci-archive:app.tar}; null copies from the first primary registry to the others
     * @param options where the CA files of the registries-conf export are installed ({@code --cert-dir})
     */
    public Result render(ExportEnvironment env, String image, String source, ExportOptions options) {
        Matcher m = IMAGE.matcher(image == null ? "" : image.trim());
        if (!m.matches()) {
            throw new InvalidExportOptionException("image", "'" + image
                    + "' is not an image reference with a tag, such as team/app:1.0 (digests cannot be pushed to)");
        }
        if (source != null && (source.isBlank() || source.chars().anyMatch(c -> c <= ' ' || c == '\'' || c == '"'))) {
            throw new InvalidExportOptionException("source", "'" + source + "' is not a skopeo image reference");
        }
        List<String> warnings = new ArrayList<>();
        String repo = m.group("repo");
        String tag = m.group("tag");
        if (tag == null) {
            tag = "latest";
            warnings.add("image " + image + " has no tag: pushing as :latest");
        }
        List<ExportBinding> targets = env.primaries();
        if (targets.isEmpty()) {
            throw new InvalidExportOptionException("environment", "environment " + env.name()
                    + " has no PRIMARY registry to push to");
        }
        env.mirrors().forEach(mirror -> warnings.add("mirror " + mirror.registryName() + " of " + mirror.mirrorOf()
                + " skipped: a mirror serves what its upstream has"));
        String localImage = image.trim();
        String finalTag = tag;
        List<String> refs = targets.stream().map(t -> reference(t, repo, finalTag)).toList();

        StringBuilder docker = header(env, repo + ":" + tag, "docker");
        for (int i = 0; i < targets.size(); i++) {
            ExportBinding t = targets.get(i);
            login(docker, "docker", t, warnings);
            if (t.insecure() || t.plainHttp()) {
                docker.append("# ").append(t.hostPort()).append(" must be in dockerd's insecure-registries"
                        + " (docker-daemon export)\n");
            }
            docker.append("docker tag ").append(sh(localImage)).append(' ').append(sh(refs.get(i))).append('\n')
                    .append("docker push ").append(sh(refs.get(i))).append('\n');
        }

        StringBuilder skopeo = header(env, repo + ":" + tag, "skopeo");
        String from = source != null ? source : "docker://" + refs.get(0);
        int first = source != null ? 0 : 1;
        if (source == null) {
            skopeo.append("# copies from ").append(refs.get(0)).append(" (push there first) to the other registries\n");
        }
        for (int i = first; i < targets.size(); i++) {
            StringBuilder line = new StringBuilder("skopeo copy --all");
            if (source == null) {
                line.append(tlsOptions("src", targets.get(0), options)).append(credentialOption("src", targets.get(0)));
            }
            ExportBinding t = targets.get(i);
            line.append(tlsOptions("dest", t, options)).append(credentialOption("dest", t));
            line.append(' ').append(sh(from)).append(' ').append(sh("docker://" + refs.get(i)));
            skopeo.append(line).append('\n');
        }
        if (first >= targets.size()) {
            skopeo.append("# the environment has one PRIMARY registry: nothing to copy\n");
        }
        return new Result(docker.toString(), skopeo.toString(), refs, warnings);
    }

    private static StringBuilder header(ExportEnvironment env, String image, String tool) {
        return new StringBuilder("#!/bin/sh\n")
                .append("# Push ").append(image).append(" to every registry of environment ").append(Comments.safe(env.name()))
                .append(" with ").append(tool).append(" (generated by Registry Console).\n")
                .append("# Passwords come from environment variables RC_<REGISTRY>_PASSWORD.\n")
                .append("set -eu\n");
    }

    private static void login(StringBuilder out, String tool, ExportBinding t, List<String> warnings) {
        if (t.credential().isEmpty()) {
            return;
        }
        ExportCredential c = t.credential().get();
        String server = t.dockerHub() ? "docker.io" : t.hostPort();
        if (c.kind() == ExportCredential.Kind.TOKEN) {
            out.append("# ").append(server).append(": identity token; log in with the provider's tool first\n");
            return;
        }
        out.append("printf '%s' \"$").append(variable(t)).append("\" | ").append(tool).append(" login --username ")
                .append(sh(c.username())).append(" --password-stdin ").append(sh(server)).append('\n');
    }

    private static String tlsOptions(String side, ExportBinding t, ExportOptions options) {
        if (t.insecure() || t.plainHttp()) {
            return " --" + side + "-tls-verify=false";
        }
        return t.caPem() != null ? " --" + side + "-cert-dir " + sh(options.containersCertsDir() + "/" + t.hostPort()) : "";
    }

    private static String credentialOption(String side, ExportBinding t) {
        return t.credential().filter(c -> c.kind() == ExportCredential.Kind.BASIC)
                .map(c -> " --" + side + "-creds " + sh(c.username() + ":") + "\"$" + variable(t) + "\"")
                .orElse("");
    }

    static String variable(ExportBinding t) {
        return "RC_" + NginxProxy.identifier(t.registryName()).toUpperCase(Locale.ROOT) + "_PASSWORD";
    }

    private static String reference(ExportBinding t, String repo, String tag) {
        String host = t.dockerHub() ? "docker.io" : t.hostPort();
        return host + "/" + (t.prefix().isEmpty() ? "" : t.prefix() + "/") + repo + ":" + tag;
    }

    /** POSIX shell single quotes. */
    static String sh(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
