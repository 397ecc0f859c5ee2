package io.registryconsole.audit;

import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Second line of defence for audit snapshots: features pass views without secrets, and anything that still looks
 * like one (a string under a secret-sounding name, or this console's ciphertext format) is replaced.
 */
final class SecretRedaction {

    static final String REDACTED = "(redacted)";

    private static final Pattern SECRET_NAME =
        Pattern.compile("(?i).*(password|passwd|secret|token|apikey|api_key|privatekey|private_key|credentials?value).*");
    private static final Pattern CIPHERTEXT = Pattern.compile("^v1:[0-9a-f]{16}:.*");

    private SecretRedaction() {
    }

    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                JsonNode value = property.getValue();
                if (value.isString() && (SECRET_NAME.matcher(property.getKey()).matches()
                    || CIPHERTEXT.matcher(value.stringValue()).matches())) {
                    property.setValue(StringNode.valueOf(REDACTED));
                }
                else {
                    redact(value);
                }
            }
        }
        else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isString() && CIPHERTEXT.matcher(element.stringValue()).matches()) {
                    ((tools.jackson.databind.node.ArrayNode) node).set(i, StringNode.valueOf(REDACTED));
                }
                else {
                    redact(element);
                }
            }
        }
        return node;
    }
}
