package io.registryconsole.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A parsed file and the line of every value in it, so that an importer can say "line 7:
 * registry-mirrors[1]: ..." about a value that parses but makes no sense.
 */
final class LocatedTree {

    private final Format format;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<ImportProblem> problems = new ArrayList<>();

    private LocatedTree(Format format, JsonNode root, Map<String, Integer> lines) {
        this.format = format;
        this.root = root;
        this.lines = lines;
    }

    /** Parses the text; a syntax error becomes an {@link ImportException} with its line and column. */
    static LocatedTree parse(Format format, ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            throw new ImportException(format, List.of(new ImportProblem(null, null, null, "the file is empty")));
        }
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.PROPERTY_NAME) {
                    continue;
                }
                String pointer = parser.streamReadContext().pathAsPointer().toString();
                int line = parser.currentTokenLocation().getLineNr();
                if ((t.isStructStart() || t.isScalarValue()) && line > 0) {
                    // the TOML parser reports no value locations (-1): then problems name the field only
                    lines.putIfAbsent(pointer, line);
                }
            }
            JsonNode root = mapper.readTree(text);
            if (root == null || !root.isObject()) {
                throw new ImportException(format, List.of(new ImportProblem(1, null, null,
                        "expected a " + (format == Format.K3S_REGISTRIES ? "YAML mapping" : "table/object") + " at the top")));
            }
            return new LocatedTree(format, root, lines);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            Integer line = at != null && at.getLineNr() > 0 ? at.getLineNr() : null;
            Integer column = at != null && at.getColumnNr() > 0 ? at.getColumnNr() : null;
            String message = e.getOriginalMessage();
            // YAML messages repeat the snippet; the first line says what is wrong
            message = message == null ? "syntax error" : message.lines().findFirst().orElse(message).strip();
            throw new ImportException(format, List.of(new ImportProblem(line, column, null, message)));
        }
    }

    JsonNode root() {
        return root;
    }

    /** Records a problem with a value; {@code pointer} like {@code /registry-mirrors/1}. */
    void problem(String pointer, String message) {
        problems.add(new ImportProblem(lineOf(pointer), null, fieldName(pointer), message));
    }

    /** Throws the collected problems, if any. */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ImportException(format, problems);
        }
    }

    private Integer lineOf(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Integer line = lines.get(p);
            if (line != null || p.isEmpty()) {
                return line;
            }
        }
    }

    /** {@code /registry/2/mirror/0/location} → {@code registry[2].mirror[0].location}. */
    static String fieldName(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(pointer.isEmpty() ? 0 : 1).split("/", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                b.append('[').append(name).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(name);
            }
        }
        return b.toString();
    }

    /** JSON pointer segment escaping. */
    static String seg(String name) {
        return "/" + name.replace("~", "~0").replace("/", "~1");
    }
}
