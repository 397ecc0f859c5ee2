package io.registryconsole.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key file in the data folder, used when no key is configured: created once, readable by its owner only. */
final class KeyFile {

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    KeyFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    EncryptionKey read() {
        warnIfOthersCanRead();
        try {
            return EncryptionKey.fromBase64(Files.readString(path, StandardCharsets.US_ASCII), "the key file " + path);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + path, e);
        }
    }

    /** Reads the key file, creating it with a fresh random key when it does not exist yet. */
    EncryptionKey readOrCreate() {
        if (!exists()) {
            create();
        }
        return read();
    }

    /**
     * The key is written to a temporary file that has owner-only permissions from the moment it exists, then
     * published under its final name in one step. A hard link never replaces an existing file, so two consoles
     * starting on the same folder agree on one key.
     */
    private void create() {
        byte[] material = new byte[EncryptionKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(material);
        Path temp = null;
        try {
            Files.createDirectories(path.getParent());
            boolean posix = Files.getFileStore(path.getParent()).supportsFileAttributeView("posix");
            FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
            temp = Files.createTempFile(path.getParent(), ".encryption-key-", ".tmp", attributes);
            Files.writeString(temp, Base64.getEncoder().encodeToString(material) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            publish(temp);
            if (!posix) {
                log.warn("The file system of {} has no POSIX permissions: restrict access to the key file yourself", path);
            }
            log.info("Created a new encryption key in {}. Back it up with the database: without it stored "
                + "credentials cannot be decrypted.", path);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the key file " + path
                + "; make the data folder writable or set CONSOLE_ENCRYPTION_KEY", e);
        }
        finally {
            java.util.Arrays.fill(material, (byte) 0);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                }
                catch (IOException ignored) {
                    // only a leftover temporary file
                }
            }
        }
    }

    private void publish(Path temp) throws IOException {
        try {
            Files.createLink(path, temp);
        } catch (FileAlreadyExistsException anotherConsoleWon) {
            // keep the key that is already there
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            // a file system without hard links (some network and overlay mounts): an atomic rename instead, which
            // cannot refuse to replace, so a console starting at the very same moment could still overwrite the key
            if (!Files.exists(path)) {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void warnIfOthersCanRead() {
        try {
            if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    log.warn("The key file {} can be read by other users ({}); run: chmod 600 {}", path,
                        PosixFilePermissions.toString(permissions), path);
                }
            }
        }
        catch (IOException e) {
            log.warn("Cannot check the permissions of the key file {}", path);
        }
    }
}
