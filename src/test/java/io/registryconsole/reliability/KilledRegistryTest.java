package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.distribution.BlobSink;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.PullHandle;
import io.registryconsole.distribution.PullListener;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Faults of registries: a real docker-registry process killed (SIGKILL) while a FULL pull runs. The registry serves a
 * copy of the lab's anonymous storage, so killing it disturbs no other test. The pull must end with a transport
 * category, its thread must end, and the same image pulls from the lab registry afterwards.
 */
@ExtendWith(RegistryLab.Extension.class)
class KilledRegistryTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void aRegistryKilledDuringAFullPullEndsItWithATransportCategory(@Use(Variant.ANONYMOUS) LabRegistry lab, @TempDir Path dir)
        throws Exception {
        Path storage = dir.resolve("storage");
        copy(lab.storageDir(), storage);
        Path log = dir.resolve("registry.log");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: \"" + storage + "\"\nhttp:\n  addr: 127.0.0.1:0\n  secret: killed-registry-test\n");
        Path binary = Programs.require("docker-registry", "docker-registry");
        Process registry = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(registry, log);
            CountDownLatch streaming = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            // the first blob's first bytes hold the pull until the registry is dead
            BlobSink holding = descriptor -> new BlobSink.BlobWriter() {
                @Override
                public void write(ByteBuffer buffer) {
                    streaming.countDown();
                    try {
                        killed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void commit() {
                }

                @Override
                public void abort() {
                }
            };
            RegistryClient client = RegistryClient.create(RegistryEndpoint.of("http://127.0.0.1:" + port, true, null, Credentials.anonymous()),
                ClientOptions.builder().maxParallelDownloads(1).maxAttempts(2).retryBudget(Duration.ofSeconds(2)).build(),
                OutboundPolicy.defaults());
            PullHandle handle = client.pullAsync(ImageReference.parse("127.0.0.1:" + port + "/" + RegistryLab.ALPINE), Platform.LINUX_AMD64,
                PullListener.NONE, holding);
            assertThat(streaming.await(60, TimeUnit.SECONDS)).as("the pull reached its first blob").isTrue();
            registry.destroyForcibly(); // SIGKILL
            assertThat(registry.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killed.countDown();

            assertThatThrownBy(handle::await).isInstanceOfSatisfying(RegistryException.class, e ->
                assertThat(e.category()).as(e.getMessage()).isIn(Category.CONNECTION_REFUSED, Category.SIZE_MISMATCH, Category.SERVER_ERROR));
            assertThat(handle.isDone()).isTrue();

            RegistryClient healthy = RegistryClient.create(RegistryEndpoint.of(lab.baseUrl().toString(), true, null, Credentials.anonymous()),
                ClientOptions.defaults(), OutboundPolicy.defaults());
            assertThat(healthy.pull(ImageReference.parse(lab.reference(RegistryLab.ALPINE)), Platform.LINUX_AMD64, PullListener.NONE, null)
                .layers()).isPositive();
        } finally {
            registry.destroyForcibly();
        }
    }

    private static int awaitPort(Process registry, Path log) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!registry.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("docker-registry did not start: " + Programs.tail(log, 20));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
