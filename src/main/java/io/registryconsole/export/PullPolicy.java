package io.registryconsole.export;

import java.util.Arrays;

/** Kubernetes imagePullPolicy values, spelled as Kubernetes spells them. */
public enum PullPolicy {
    ALWAYS("Always"), IF_NOT_PRESENT("IfNotPresent"), NEVER("Never");

    private final String kubernetesName;

    PullPolicy(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    public String kubernetesName() {
        return kubernetesName;
    }

    /** Accepts the Kubernetes spelling ({@code IfNotPresent}) or the enum name. */
    public static PullPolicy parse(String value) {
        return Arrays.stream(values())
                .filter(p -> p.kubernetesName.equals(value) || p.name().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown imagePullPolicy '" + value + "' (Always, IfNotPresent or Never)"));
    }
}
