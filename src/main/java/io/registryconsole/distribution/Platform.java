package io.registryconsole.distribution;

import java.util.Locale;
import java.util.Objects;

/**
 * An image platform ({@code os/architecture[/variant]}), normalised like containerd so that the names people
 * and images use compare equal: {@code aarch64}→{@code arm64}, {@code x86_64}→{@code amd64}, {@code arm64/v8}
 * ≡ {@code arm64}, plain {@code arm} means {@code arm/v7}, {@code armhf}→{@code arm/v7}, {@code armel}→{@code arm/v6}.
 *
 * @param variant empty string when there is none
 */
public record Platform(String os, String architecture, String variant) {

    /** What docker and containerd pull by default on the usual x86-64 hosts. */
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
        String normalOs = os.strip().toLowerCase(Locale.ROOT);
        String arch = architecture.strip().toLowerCase(Locale.ROOT);
        String v = variant.strip().toLowerCase(Locale.ROOT);
        if (normalOs.equals("macos")) {
            normalOs = "darwin";
        }
        switch (arch) {
            case "i386" -> {
                arch = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v.equals("8") || v.equals("v8") || v.equals("v8.0")) {
                    v = "";
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                if (v.isEmpty() || v.equals("7")) {
                    v = "v7";
                } else if (v.equals("5") || v.equals("6") || v.equals("8")) {
                    v = "v" + v;
                }
            }
            default -> { }
        }
        os = normalOs;
        architecture = arch;
        variant = v;
    }

    /**
     * Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Platform parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("platform is empty; expected os/architecture[/variant], e.g. linux/amd64");
        }
        String[] parts = value.strip().split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform \"" + value + "\" must be os/architecture[/variant], e.g. linux/arm64/v8");
        }
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                throw new IllegalArgumentException("platform \"" + value + "\" has an empty or invalid part \"" + part + "\"");
            }
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** Whether an image built for {@code candidate} is exactly what this platform asks for (after normalisation). */
    public boolean matches(Platform candidate) {
        return equals(candidate);
    }

    /**
     * Whether {@code candidate} runs here even though it is not an exact match: older 32-bit ARM variants on newer
     * ARM ({@code arm/v7} runs {@code arm/v6} and {@code arm/v5}), and the baseline {@code amd64} on a higher
     * micro-architecture level ({@code amd64/v3} runs {@code amd64}). Used only when no exact match exists.
     */
    public boolean isCompatible(Platform candidate) {
        if (matches(candidate)) {
            return true;
        }
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        int mine = variantLevel(variant);
        int theirs = variantLevel(candidate.variant);
        return mine > 0 && theirs >= 0 && theirs < mine && (architecture.equals("arm") || architecture.equals("amd64"));
    }

    /** Lower score = better match, -1 = not usable. Exact beats compatible; among compatible the newer variant wins. */
    int matchScore(Platform candidate) {
        if (matches(candidate)) {
            return 0;
        }
        if (isCompatible(candidate)) {
            return 100 - variantLevel(candidate.variant);
        }
        return -1;
    }

    private static int variantLevel(String variant) {
        if (variant.isEmpty()) {
            return 0;
        }
        if (variant.length() >= 2 && variant.charAt(0) == 'v' && variant.substring(1).chars().allMatch(Character::isDigit)
                && variant.length() < 5) {
            return Integer.parseInt(variant.substring(1));
        }
        return -1;
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + '/' + architecture : os + '/' + architecture + '/' + variant;
    }
}
