package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The isolated Docker engine of the end-to-end tests starts here (or the test fails with the reason), makes no
 * default bridge, and leaves nothing behind: no process, no folder.
 */
class DockerEngineTest {

    @Test
    void startsAnswersAndLeavesNothingBehind() throws Exception {
        // docker0 may belong to another engine on the machine; this one must not make it (--bridge=none)
        boolean docker0Before = Files.exists(Path.of("/sys/class/net/docker0"));
        DockerEngine engine = DockerEngine.start();
        long pid;
        Path root;
        try {
            pid = engine.pid();
            root = engine.dataRoot();
            assertThat(engine.docker(List.of("info", "--format", "{{.Driver}}")).stdoutOrThrow().strip()).isNotEmpty();
            assertThat(engine.docker(List.of("network", "ls", "--format", "{{.Name}}")).stdoutOrThrow())
                .as("no default bridge network").doesNotContain("bridge");
        } finally {
            engine.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("dockerd stopped").isFalse();
        assertThat(root.getParent()).doesNotExist();
        assertThat(Files.exists(Path.of("/sys/class/net/docker0"))).as("no docker0 left by this engine").isEqualTo(docker0Before);
    }
}
