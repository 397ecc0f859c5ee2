package io.registryconsole.export;

/** Renders one export format from an environment. Implementations are stateless plain classes. */
interface Renderer {

    Format format();

    ExportResult render(ExportEnvironment environment, ExportOptions options);
}
