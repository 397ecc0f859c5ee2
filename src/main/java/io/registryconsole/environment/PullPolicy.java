package io.registryconsole.environment;

/** Kubernetes imagePullPolicy; the constants are spelled as Kubernetes spells them. */
public enum PullPolicy {
    Always, IfNotPresent, Never
}
