package io.registryconsole.export;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** The Jackson mappers the exports and imports share (thread-safe once built). */
final class Formats {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TomlMapper TOML = TomlMapper.builder().build();
    /**
     * Every string value double-quoted: "minimal quotes" left strings such as {@code 1e3} plain, which
     * YAML readers then take for numbers (a password must stay a string).
     */
    static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    /** {@code "key": value}, two-space indent, one array element per line, LF line ends (as daemon.json is usually written). */
    static final ObjectWriter JSON_PRETTY = JSON.writer().with(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private Formats() {
    }

    static String json(Object tree) {
        return JSON_PRETTY.writeValueAsString(tree) + "\n";
    }

    static String yaml(Object tree) {
        return YAML.writeValueAsString(tree);
    }
}
