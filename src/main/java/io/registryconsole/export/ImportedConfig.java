package io.registryconsole.export;

import java.util.List;

/**
 * What a client configuration file says, before it is compared with an environment.
 *
 * @param format                 which kind of file it was
 * @param bindings               registries in file order (mirrors of one upstream in the order they are tried)
 * @param maxConcurrentDownloads the file's value, or null
 * @param warnings               what the file holds that the console does not manage (never holds a secret)
 */
public record ImportedConfig(Format format, List<ImportedBinding> bindings, Integer maxConcurrentDownloads,
                             List<String> warnings) {

    public ImportedConfig {
        bindings = List.copyOf(bindings);
        warnings = List.copyOf(warnings);
    }
}
