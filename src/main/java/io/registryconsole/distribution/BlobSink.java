package io.registryconsole.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where downloaded blobs go. By default nowhere: a test pull only verifies. A sink receives each blob's bytes as
 * they stream (after they were counted, before they are hashed) and learns at the end whether the blob verified.
 */
public interface BlobSink {

    /** Keeps nothing. */
    BlobSink DISCARD = descriptor -> null;

    /**
     * Opens a writer for one blob; called again when a download is retried. May return null to skip this blob.
     * Called from the client's threads, several at once for parallel layers.
     */
    BlobWriter open(Descriptor descriptor) throws IOException;

    interface BlobWriter {
        /** Consumes the buffer's remaining bytes. */
        void write(ByteBuffer buffer) throws IOException;

        /** The blob arrived whole and matches its digest. */
        void commit() throws IOException;

        /** The download failed or was cancelled; discard what was written. */
        void abort();
    }

    /**
     * Writes verified blobs to {@code dir/<algorithm>/<hex>} (the blob layout of an OCI image layout), each through a
     * temporary file that is moved into place only after the digest matched.
     */
    static BlobSink directory(Path dir) {
        return descriptor -> {
            Path algDir = dir.resolve(descriptor.digest().algorithm());
            Files.createDirectories(algDir);
            Path target = algDir.resolve(descriptor.digest().hex());
            Path temp = Files.createTempFile(algDir, descriptor.digest().hex(), ".part");
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new BlobWriter() {
                @Override
                public void write(ByteBuffer buffer) throws IOException {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }

                @Override
                public void commit() throws IOException {
                    channel.close();
                    try {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }

                @Override
                public void abort() {
                    try {
                        channel.close();
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // best effort: a leftover .part file is harmless
                    }
                }
            };
        };
    }
}
