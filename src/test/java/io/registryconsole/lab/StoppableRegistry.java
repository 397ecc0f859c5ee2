package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plain-HTTP, anonymous {@code docker-registry} of one test's own, empty, that the test may stop: the shared
 * {@link RegistryLab} registries must never be stopped. Stopped (and its process tree ended) by {@link #close()}.
 */
public final class StoppableRegistry implements AutoCloseable {

    private final RegistryProcess process;

    private StoppableRegistry(RegistryProcess process) {
        this.process = process;
    }

    /** Starts a registry storing under {@code dir} and waits until /v2/ answers. */
    public static StoppableRegistry start(String name, Path dir) {
        try {
            Files.createDirectories(dir.resolve("storage"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoppableRegistry(RegistryProcess.start(name, dir,
            new RegistryProcess.RegistryConfig(name, dir.resolve("storage"), null, null, null)));
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the registry process (the real one: connections to its port are then refused). */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        process.stop();
    }
}
