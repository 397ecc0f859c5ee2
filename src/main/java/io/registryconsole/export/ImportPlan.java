package io.registryconsole.export;

import java.util.List;

/**
 * What an import would do to an environment: nothing is applied until the user confirms.
 *
 * @param proposed the environment as it would be afterwards
 * @param changes  the differences, in the order found; empty when the file matches the environment
 * @param warnings what the file holds that the console will not take over
 */
public record ImportPlan(ExportEnvironment proposed, List<ImportChange> changes, List<String> warnings) {

    public ImportPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
