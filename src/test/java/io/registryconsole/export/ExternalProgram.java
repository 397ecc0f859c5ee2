package io.registryconsole.export;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.registryconsole.lab.Programs;

/**
 * Runs the programs that read the exported files (nginx, dockerd, kubectl, containerd, ctr, skopeo, docker).
 * A missing program fails the test with the Debian package to install; secrets given to {@link #masking}
 * never appear in a failure message.
 */
final class ExternalProgram {

    record Result(String commandLine, int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }

        String describe() {
            return commandLine + " exited with " + exitCode + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip();
        }
    }

    private final Path executable;
    private final List<String> secrets = new ArrayList<>();

    private ExternalProgram(Path executable) {
        this.executable = executable;
    }

    /** The program, searched on PATH and in the sbin folders; fails naming the Debian package when missing. */
    static ExternalProgram require(String command, String debianPackage) {
        return new ExternalProgram(Programs.require(command, debianPackage));
    }

    Path path() {
        return executable;
    }

    /** Secrets that may appear in arguments or output; they are replaced by *** in messages. */
    ExternalProgram masking(String... values) {
        secrets.addAll(List.of(values));
        return this;
    }

    Result run(Duration timeout, String... args) {
        return run(timeout, Map.of(), List.of(args));
    }

    Result run(Duration timeout, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        return runCommand(command, env, timeout);
    }

    /** Runs the program through another program, e.g. {@code runuser -u nobody --}. */
    Result runVia(List<String> wrapper, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(executable.toString());
        command.addAll(args);
        return runCommand(command, Map.of(), timeout);
    }

    private Result runCommand(List<String> command, Map<String, String> env, Duration timeout) {
        Programs.Result result;
        try {
            result = Programs.run(command, env, timeout);
        } catch (IllegalStateException timedOut) {
            // not chained: the cause's message would carry the secrets unmasked
            throw new AssertionError(mask(timedOut.getMessage()));
        }
        return new Result(mask(String.join(" ", command)), result.exitCode(), mask(result.stdout()), mask(result.stderr()));
    }

    /** Starts a long-running program (e.g. nginx in the foreground); stop it with {@link Programs#destroyTree}. */
    Process start(List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    String mask(String text) {
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }
}
