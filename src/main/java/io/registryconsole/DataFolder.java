package io.registryconsole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The data folder holds the H2 database (every stored secret, encrypted, and the audit trail) and the key file: only
 * the console's own user may read it. The folder is made (or tightened to) 0700 before any bean opens the database,
 * as a bean factory post-processor; once the console is up, the files in it are tightened to 0600, since H2 creates
 * them with the process umask. On file systems without POSIX permissions nothing is changed.
 */
final class DataFolder implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);

    private Path folder;

    @Override
    public void setEnvironment(Environment environment) {
        this.folder = Path.of(environment.getProperty("console.data-dir", "./data")).toAbsolutePath().normalize();
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!posix()) {
            return;
        }
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (FileSystemException notOwner) {
            if (!Files.isDirectory(folder)) {
                throw new UncheckedIOException("cannot create the data folder " + folder, notOwner);
            }
            // A folder someone else owns, e.g. a container volume made by root for the image's user: its owner decides
            // who may list it; the files the console writes there are still made 0600 once it is up.
            log.warn("The data folder {} belongs to another user, so its permissions stay as they are: {}", folder, notOwner.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + folder + " readable only by the console's user", e);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!posix() || !Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            log.warn("Could not make the files in {} readable only by the console's user: {}", folder, e.getMessage());
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
