package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof by the program that reads daemon.json: Debian's dockerd 20.10 has no {@code --validate}, but it loads
 * and checks the config file (JSON syntax, known keys, value types and ranges) before it checks for root.
 * Run as a non-root user it must therefore stop at the root check for a generated file, and at the file for
 * a broken one.
 */
class DockerDaemonJsonProgramTest {

    private static final String ROOT_COMPLAINT = "needs to be started with root privileges";
    private static final String FILE_COMPLAINT = "unable to configure the Docker daemon with file";

    @TempDir
    Path tmp;

    @Test
    void dockerdAcceptsTheGeneratedDaemonJson() throws IOException {
        ExportResult result = new ExportService().render(Format.DOCKER_DAEMON, ExportFixtures.sample(),
                ExportOptions.defaults());

        ExternalProgram.Result run = runDockerd("generated", result.main().content());

        assertThat(run.output()).as(run.describe()).contains(ROOT_COMPLAINT).doesNotContain(FILE_COMPLAINT);
    }

    @Test
    void dockerdRejectsABrokenDaemonJson() throws IOException {
        String generated = new ExportService().render(Format.DOCKER_DAEMON, ExportFixtures.sample(),
                ExportOptions.defaults()).main().content();
        String wrongType = generated.replace("\"max-concurrent-downloads\": 3", "\"max-concurrent-downloads\": \"3\"");
        assertThat(wrongType).isNotEqualTo(generated);

        ExternalProgram.Result typeRun = runDockerd("wrong-type", wrongType);
        ExternalProgram.Result keyRun = runDockerd("unknown-key", generated.replace("\"registry-mirrors\"", "\"registry-mirrorz\""));

        assertThat(typeRun.output()).as(typeRun.describe()).contains(FILE_COMPLAINT).contains("max-concurrent-downloads");
        assertThat(keyRun.output()).as(keyRun.describe()).contains(FILE_COMPLAINT).contains("registry-mirrorz");
    }

    private ExternalProgram.Result runDockerd(String name, String daemonJson) throws IOException {
        ExternalProgram dockerd = ExternalProgram.require("dockerd", "docker.io");
        Path dir = ExportFixtures.readableDir(tmp.resolve(name));
        ExportFixtures.readableDir(tmp);
        Path config = dir.resolve("daemon.json");
        Files.writeString(config, daemonJson);
        config.toFile().setReadable(true, false);
        List<String> args = List.of("--config-file", config.toString(), "--data-root", dir.resolve("root").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
                "-H", "unix://" + dir.resolve("dockerd.sock"));
        ExternalProgram.Result run = isRoot()
                ? dockerd.runVia(List.of(ExternalProgram.require("runuser", "util-linux").path().toString(),
                        "-u", "nobody", "--"), Duration.ofSeconds(60), args)
                : dockerd.run(Duration.ofSeconds(60), java.util.Map.of(), args);
        assertThat(run.exitCode()).as("dockerd must stop by itself: " + run.describe()).isNotZero();
        assertThat(dir.resolve("root")).as("dockerd as non-root must not have started").doesNotExist();
        return run;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
