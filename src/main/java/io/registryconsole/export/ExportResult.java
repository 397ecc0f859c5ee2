package io.registryconsole.export;

import java.util.List;

/**
 * What a renderer produced.
 *
 * @param format       the format
 * @param files        the files, the main one first
 * @param warnings     what the format cannot express or what the user should know (never holds a secret)
 * @param holdsSecrets whether some file contains a password or token
 */
public record ExportResult(Format format, List<ExportFile> files, List<String> warnings, boolean holdsSecrets) {

    public ExportResult {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** The main file (the first). */
    public ExportFile main() {
        return files.get(0);
    }

    public ExportFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file " + name + " in the " + format + " export"));
    }
}
