package io.registryconsole.distribution;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The registry's explanation of a failed request. Registries send the distribution error document
 * ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}}), token services OAuth errors
 * ({@code {"error":"invalid_grant","error_description":"..."}}) or Docker Hub's {@code {"details":"..."}}, and
 * proxies send HTML or plain text. Whatever arrives is reduced to a code and one short, printable line.
 *
 * @param code    e.g. MANIFEST_UNKNOWN, or null
 * @param message one line, at most {@value #MAX_MESSAGE} characters, or null
 */
record ErrorBody(String code, String message) {

    static final int MAX_MESSAGE = 300;
    /** How much of an error body is read at all. */
    static final long MAX_BYTES = 16 * 1024;
    static final ErrorBody NONE = new ErrorBody(null, null);

    static ErrorBody parse(byte[] body) {
        return parse(body, Redaction.GENERIC);
    }

    /** Parses, then removes what {@code redaction} knows as secret (and credential-looking values) from code and message. */
    static ErrorBody parse(byte[] body, Redaction redaction) {
        ErrorBody parsed = parseRaw(body);
        return parsed == NONE ? NONE : new ErrorBody(clean(redaction.redact(parsed.code)), clean(redaction.redact(parsed.message)));
    }

    private static ErrorBody parseRaw(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        Optional<JsonNode> json = Json.parse(body);
        if (json.isPresent() && json.get().isObject()) {
            JsonNode root = json.get();
            JsonNode errors = root.get("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String code = Json.text(first, "code").orElse(null);
                String message = Json.text(first, "message").orElse(null);
                if (errors.size() > 1) {
                    message = (message == null ? "" : message) + " (and " + (errors.size() - 1) + " more)";
                }
                return new ErrorBody(code, message);
            }
            Optional<String> oauth = Json.text(root, "error");
            if (oauth.isPresent()) {
                return new ErrorBody(oauth.get(), Json.text(root, "error_description").orElse(null));
            }
            for (String field : new String[] {"details", "detail", "message"}) {
                Optional<String> v = Json.text(root, field);
                if (v.isPresent()) {
                    return new ErrorBody(null, v.get());
                }
            }
            return NONE;
        }
        return new ErrorBody(null, plainText(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** HTML reduced to its title or text, so a proxy's error page becomes one readable line. */
    private static String plainText(String text) {
        String t = text;
        int title = t.toLowerCase().indexOf("<title>");
        if (title >= 0) {
            int end = t.toLowerCase().indexOf("</title>", title);
            if (end > title) {
                return t.substring(title + 7, end);
            }
        }
        return t.replaceAll("(?s)<[^>]*>", " ");
    }

    /** One line of printable characters, credential-looking values masked, capped, or null when nothing is left. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String s = Redaction.GENERIC.redact(text);
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < s.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (sb.length() >= MAX_MESSAGE) {
            sb.setLength(MAX_MESSAGE - 3);
            sb.append("...");
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
