package io.registryconsole.lab;

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

/** Finds and runs the external programs the lab depends on, naming the Debian package when one is missing. */
public final class Programs {

    private Programs() {
    }

    /** Output of a finished program. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout of a successful run; otherwise an exception with the command and its stderr. */
        public String stdoutOrThrow() {
            if (!ok()) {
                throw new IllegalStateException(describe());
            }
            return stdout;
        }

        public String describe() {
            return String.join(" ", redact(command)) + " exited with " + exitCode + ":\n" + stderr.strip()
                + (stdout.isBlank() ? "" : "\nstdout: " + abbreviate(stdout.strip(), 2000));
        }
    }

    /**
     * The absolute path of {@code command}, searched on PATH and in the sbin folders (dockerd, nginx, runuser live there).
     *
     * @throws IllegalStateException naming the Debian package to install when it is missing
     */
    public static Path require(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin"))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, command))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(command + " was not found on PATH: install Debian's "
                + debianPackage + " (apt-get install " + debianPackage + "; scripts/test.sh installs it)"));
    }

    /** Runs {@code command} to completion (killing it after {@code timeout}) and returns its output. */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process.toHandle());
                throw new IllegalStateException(String.join(" ", redact(command)) + " did not finish within "
                    + timeout + "; stderr so far:\n" + stderr.getNow(""));
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            destroyTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Ends a process and all its descendants: politely first, forcibly after five seconds. */
    public static void destroyTree(ProcessHandle process) {
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

    /** The last {@code lines} lines of a text file, or a note that it does not exist. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                .map(line -> abbreviate(line, 400))
                .toList());
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    /** Hides the password of {@code --src-creds user:password} style arguments in messages. */
    static List<String> redact(List<String> command) {
        List<String> out = new ArrayList<>(command);
        for (int i = 1; i < out.size(); i++) {
            String previous = out.get(i - 1);
            if (previous.endsWith("-creds") || previous.equals("--creds") || previous.equals("-u")) {
                String value = out.get(i);
                int colon = value.indexOf(':');
                out.set(i, colon < 0 ? value : value.substring(0, colon) + ":***");
            }
        }
        return out;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "lab-output-drain");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static File nullFile() {
        return new File("/dev/null");
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
