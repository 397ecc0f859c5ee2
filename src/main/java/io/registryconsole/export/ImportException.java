package io.registryconsole.export;

import java.util.List;
import java.util.stream.Collectors;

/** The file cannot be imported; nothing was changed. Lists every problem found. */
public class ImportException extends RuntimeException {

    private final transient List<ImportProblem> problems;

    public ImportException(Format format, List<ImportProblem> problems) {
        super("invalid " + format.id() + " file: "
                + problems.stream().map(ImportProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ImportProblem> problems() {
        return problems;
    }
}
