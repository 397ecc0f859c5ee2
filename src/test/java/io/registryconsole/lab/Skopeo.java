package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Debian's skopeo, the lab's reference client, isolated from the machine's login state: no policy file
 * (insecure policy), an empty auth file and the lab's own temporary directory.
 */
public final class Skopeo {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path executable;
    private final Path tmpDir;
    private final Path authFile;

    Skopeo(Path workDir) {
        this.executable = Programs.require("skopeo", "skopeo");
        try {
            this.tmpDir = Files.createDirectories(workDir.resolve("skopeo-tmp"));
            this.authFile = workDir.resolve("skopeo-auth.json");
            Files.writeString(authFile, "{\"auths\":{}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code skopeo <args>} and returns the result, whatever the exit code. */
    public Programs.Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("--insecure-policy");
        command.add("--tmpdir");
        command.add(tmpDir.toString());
        command.addAll(args);
        return Programs.run(command, Map.of("REGISTRY_AUTH_FILE", authFile.toString()), TIMEOUT);
    }

    public Programs.Result run(String... args) {
        return run(List.of(args));
    }

    /**
     * {@code skopeo inspect --raw} of {@code repoTag} in {@code registry}, with the registry's trust and
     * credentials: the manifest bytes as the registry serves them.
     */
    public String inspectRaw(LabRegistry registry, String repoTag) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        args.addAll(registry.skopeoOptions(""));
        args.add(registry.dockerReference(repoTag));
        return run(args).stdoutOrThrow();
    }

    /** {@code skopeo inspect} (the JSON summary with Digest, Layers, Architecture...) of {@code repoTag}. */
    public String inspect(LabRegistry registry, String repoTag) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(registry.skopeoOptions(""));
        args.add(registry.dockerReference(repoTag));
        return run(args).stdoutOrThrow();
    }

    /** Pushes {@code image} from its layout to {@code repoTag} in {@code registry}, keeping every digest. */
    void push(LabImage image, LabRegistry registry, String repoTag) {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--preserve-digests", "--retry-times", "2"));
        if (image.isIndex()) {
            args.add("--all");
        }
        args.addAll(registry.skopeoOptions("dest-"));
        args.add(image.skopeoSource());
        args.add(registry.dockerReference(repoTag));
        Programs.Result result = run(args);
        if (!result.ok()) {
            throw new IllegalStateException("seeding " + registry.name() + " with " + repoTag + " failed: "
                + result.describe());
        }
    }
}
