package io.registryconsole.distribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): a scheme plus either
 * auth parameters or a token68. A single header may hold several challenges separated by commas, and a response
 * may carry several headers; {@link #parseAll(List)} handles both. Parsing is lenient like docker's: whatever can
 * be read is kept.
 *
 * @param scheme     as sent (compare with {@link #is(String)}, schemes are case-insensitive)
 * @param parameters names lowercased, values unquoted and unescaped, in the order sent
 * @param token68    the token68 form ({@code Negotiate abc==}), or null
 */
public record Challenge(String scheme, Map<String, String> parameters, String token68) {

    public Challenge {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean is(String name) {
        return scheme.equalsIgnoreCase(name);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> realm() {
        return parameter("realm");
    }

    public Optional<String> service() {
        return parameter("service");
    }

    public Optional<String> scope() {
        return parameter("scope");
    }

    /** The {@code error} parameter of RFC 6750, e.g. {@code invalid_token} or {@code insufficient_scope}. */
    public Optional<String> error() {
        return parameter("error");
    }

    /** Every challenge of every header value, in order. */
    public static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all;
    }

    /** Every challenge in one header value. */
    public static List<Challenge> parse(String header) {
        return new Parser(header == null ? "" : header).challenges();
    }

    @Override
    public String toString() {
        // Parameters of challenges are public information (realm, service, scope); nothing secret to hide.
        StringBuilder sb = new StringBuilder(scheme);
        if (token68 != null) {
            sb.append(' ').append(token68);
        }
        String sep = " ";
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            sb.append(sep).append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            sep = ",";
        }
        return sb.toString();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Challenge> challenges() {
            List<Challenge> result = new ArrayList<>();
            while (true) {
                skipSeparators();
                if (pos >= s.length()) {
                    return result;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    pos++; // not a token character: skip it, stay lenient
                    continue;
                }
                result.add(challengeBody(scheme));
            }
        }

        private Challenge challengeBody(String scheme) {
            Map<String, String> params = new LinkedHashMap<>();
            String token68 = null;
            skipSpaces();
            boolean first = true;
            while (pos < s.length()) {
                int start = pos;
                String name = token();
                skipSpaces();
                if (!name.isEmpty() && pos < s.length() && s.charAt(pos) == '=') {
                    // name=value, or a token68 ending in '=' padding.
                    int afterName = pos;
                    while (pos < s.length() && s.charAt(pos) == '=') {
                        pos++;
                    }
                    skipSpaces();
                    boolean endOfItem = pos >= s.length() || s.charAt(pos) == ',';
                    if (first && endOfItem) {
                        token68 = s.substring(start, pos).strip();
                        break;
                    }
                    pos = afterName + 1;
                    skipSpaces();
                    String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
                    params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                } else if (first && !name.isEmpty()) {
                    // token68 without padding, e.g. "Negotiate abc": everything up to the next comma.
                    pos = start;
                    while (pos < s.length() && s.charAt(pos) != ',') {
                        pos++;
                    }
                    token68 = s.substring(start, pos).strip();
                    break;
                } else {
                    pos = start;
                    break;
                }
                first = false;
                skipSpaces();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    // After a comma comes either another parameter or the next challenge's scheme.
                    int comma = pos;
                    skipSeparators();
                    int probe = pos;
                    String next = token();
                    skipSpaces();
                    boolean isParam = !next.isEmpty() && pos < s.length() && s.charAt(pos) == '=';
                    pos = isParam ? probe : comma;
                    if (!isParam) {
                        break;
                    }
                } else if (pos < s.length()) {
                    // Junk after a value: skip to the next comma.
                    while (pos < s.length() && s.charAt(pos) != ',') {
                        pos++;
                    }
                }
            }
            return new Challenge(scheme, params, token68);
        }

        private String quoted() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    sb.append(s.charAt(pos++));
                } else if (c == '"') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            return sb.toString(); // unterminated: keep what we have
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** RFC 9110 tchar, plus '/' so token68 values and unquoted URLs survive. */
        private static boolean isTokenChar(char c) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                return true;
            }
            return "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
        }
    }
}
