package io.registryconsole.distribution;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A copy listener that keeps the offset of every resumed blob upload, in order. */
final class ResumeOffsets implements ImageCopier.CopyListener {

    private final List<Long> offsets = new CopyOnWriteArrayList<>();

    @Override
    public void blobResumed(Digest digest, long offset) {
        offsets.add(offset);
    }

    List<Long> offsets() {
        return List.copyOf(offsets);
    }
}
