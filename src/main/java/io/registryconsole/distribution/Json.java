package io.registryconsole.distribution;

import java.util.Optional;
import java.util.OptionalLong;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the small JSON documents of the protocol (manifests, tokens, errors) as trees. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The parsed document, or empty when it is not JSON. */
    static Optional<JsonNode> parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(bytes));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A string field, or empty when missing or not a string. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    /** A whole-number field (also accepted as a numeric string), or empty. */
    static OptionalLong number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v.isNumber()) {
            return OptionalLong.of(v.asLong());
        }
        if (v.isString()) {
            try {
                return OptionalLong.of(Long.parseLong(v.stringValue().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
