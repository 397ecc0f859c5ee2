package io.registryconsole.environment;

public enum BindingRole {
    /** a registry the environment pulls its own images from */
    PRIMARY,
    /** a pull-through cache or copy of an upstream registry (mirrorOf), tried before that upstream */
    MIRROR
}
