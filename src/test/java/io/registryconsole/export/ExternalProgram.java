package io.registryconsole.export;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        Path found = Stream.concat(Stream.of(path.split(File.pathSeparator)),
                        Stream.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(command + " is not installed: install Debian's package "
                        + debianPackage + " (apt-get install " + debianPackage + "; scripts/test.sh installs it)"));
        return new ExternalProgram(found);
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(process.toHandle());
                throw new AssertionError(mask(String.join(" ", command)) + " did not finish within " + timeout
                        + "\nstderr: " + mask(err.getNow("")));
            }
            return new Result(mask(String.join(" ", command)), process.exitValue(), mask(out.join()), mask(err.join()));
        } catch (InterruptedException e) {
            destroy(process.toHandle());
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts a long-running program (e.g. nginx in the foreground); stop it with {@link #destroy}. */
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

    static void destroy(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
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

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "export-program-output");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
