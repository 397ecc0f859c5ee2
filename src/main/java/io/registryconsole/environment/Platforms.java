package io.registryconsole.environment;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OCI platforms as os/architecture[/variant], with the os and architecture names the OCI image spec uses (Go's). */
final class Platforms {

    static final String DEFAULT = "linux/amd64";

    private static final Pattern SHAPE = Pattern.compile("^([a-z0-9]+)/([a-z0-9_]+)(?:/(v[0-9]+(?:\\.[0-9]+)?))?$");
    private static final Set<String> OS = new TreeSet<>(Set.of("aix", "android", "darwin", "dragonfly", "freebsd",
        "illumos", "ios", "js", "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"));
    private static final Set<String> ARCHITECTURES = new TreeSet<>(Set.of("386", "amd64", "arm", "arm64", "loong64",
        "mips", "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"));

    private Platforms() {
    }

    /** @return what is wrong with the platform, or null when it is fine */
    static String problemWith(String platform) {
        Matcher m = SHAPE.matcher(platform);
        if (!m.matches()) {
            return "must be os/architecture[/variant] in lowercase, e.g. linux/amd64 or linux/arm/v7";
        }
        if (!OS.contains(m.group(1))) {
            return "has an unknown os; use one of " + OS;
        }
        if (!ARCHITECTURES.contains(m.group(2))) {
            return "has an unknown architecture; use one of " + ARCHITECTURES;
        }
        return null;
    }
}
