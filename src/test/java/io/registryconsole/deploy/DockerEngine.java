package io.registryconsole.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.registryconsole.lab.Programs;

/**
 * Debian's dockerd (docker.io) for one test run, isolated from any other engine on the machine: its own data root,
 * exec root, pid file and socket under a temporary folder, no default bridge ({@code --bridge=none}: compose makes
 * its own networks) and no iptables rules or masquerading ({@code --iptables=false --ip-masq=false}), so containers
 * reach only each other and ports published on loopback, and nothing is left in the host's firewall. Stopped by its
 * PID; its folders are removed. The first piece of the compose end-to-end test (issue #9, see docs/deployment.md).
 */
final class DockerEngine implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final Path docker;

    private DockerEngine(Path dir, Process process, Path docker) {
        this.dir = dir;
        this.process = process;
        this.docker = docker;
    }

    /**
     * Starts the engine and waits until it answers.
     *
     * @throws IllegalStateException with the reason (not root, program missing, engine log) when it cannot start
     */
    static DockerEngine start() throws IOException, InterruptedException {
        return start(null, Map.of());
    }

    /**
     * Like {@link #start()}, with a daemon.json ({@code --config-file}, e.g. an export of the console; null for none)
     * and extra environment variables for dockerd (e.g. HTTP_PROXY, which dockerd uses for its pulls).
     */
    static DockerEngine start(Path configFile, Map<String, String> environment) throws IOException, InterruptedException {
        Path dockerd = Programs.require("dockerd", "docker.io");
        Path docker = Programs.require("docker", "docker.io");
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("dockerd needs root; this test runs as " + System.getProperty("user.name")
                + " (CI and scripts/test.sh run as root)");
        }
        Path dir = Files.createTempDirectory("rc-dockerd");
        List<String> command = new ArrayList<>(List.of(dockerd.toString(), "--data-root", dir.resolve("root").toString(),
            "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
            "--host", "unix://" + dir.resolve("docker.sock"), "--bridge=none", "--iptables=false", "--ip-masq=false",
            "--userland-proxy=true"));
        if (configFile != null) {
            command.addAll(List.of("--config-file", configFile.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        DockerEngine engine = new DockerEngine(dir, process, docker);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            if (!process.isAlive()) {
                String log = Programs.tail(dir.resolve("dockerd.log"), 30);
                engine.close();
                throw new IllegalStateException("dockerd exited with " + process.exitValue() + ":\n" + log);
            }
            if (engine.docker(List.of("version", "--format", "{{.Server.Version}}")).ok()) {
                return engine;
            }
            if (Instant.now().isAfter(deadline)) {
                String log = Programs.tail(dir.resolve("dockerd.log"), 30);
                engine.close();
                throw new IllegalStateException("dockerd did not answer within 3 minutes:\n" + log);
            }
            Thread.sleep(250);
        }
    }

    /** Runs the docker CLI against this engine. */
    Programs.Result docker(List<String> args) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "--host", "unix://" + dir.resolve("docker.sock")));
        command.addAll(args);
        return Programs.run(command, Map.of(), Duration.ofMinutes(10));
    }

    /** Runs the docker CLI against this engine with more time (image builds, pushes). */
    Programs.Result docker(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "--host", "unix://" + dir.resolve("docker.sock")));
        command.addAll(args);
        return Programs.run(command, Map.of(), timeout);
    }

    /** DOCKER_HOST for other clients of this engine (docker-compose). */
    String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** The tail of the engine's own log, for failure messages. */
    String logTail(int lines) {
        return Programs.tail(dir.resolve("dockerd.log"), lines);
    }

    Path dataRoot() {
        return dir.resolve("root");
    }

    long pid() {
        return process.pid();
    }

    private static void unmountUnder(Path dir) throws IOException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(dir + "/")) {
                mounts.add(fields[1]);
            }
        }
        mounts.sort(Comparator.reverseOrder());
        for (String mount : mounts) {
            Programs.run(List.of("umount", "-l", mount), Map.of(), Duration.ofMinutes(1));
        }
    }

    /** Stops dockerd (and the containerd it started) by PID, then removes its folders. */
    @Override
    public void close() throws IOException {
        Programs.destroyTree(process.toHandle());
        // dockerd leaves the bind mount of its default network namespace (exec/netns/default) once a network was made
        unmountUnder(dir);
        // rm is much faster than a Java walk over the layers of several images; the walk only finishes its work
        Programs.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Map.of(), Duration.ofMinutes(10));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
