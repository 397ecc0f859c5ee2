package io.registryconsole.export;

/** PRIMARY: images are pulled from this registry by its own name. MIRROR: it serves another host's images. */
public enum BindingRole {
    PRIMARY, MIRROR
}
