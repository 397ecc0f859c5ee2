package io.registryconsole.pull;

public enum PullMode {
    /** resolve the manifest only (HEAD where possible, which Docker Hub does not count against the pull limit) */
    MANIFEST,
    /** the manifest, the config and every layer, each verified against its digest and size */
    FULL
}
