package io.registryconsole.distribution;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text a server sent (error bodies, token service errors, proxy pages, odd status lines) before
 * it becomes part of a {@link RegistryException}. Registries and proxies that echo the request put the console's own
 * {@code Authorization} header into their error body; that message would be stored with a test pull and shown to every
 * viewer. Two layers: the client's known secrets (password, identity token, their Basic and URL-encoded forms, every
 * token it was issued) replaced wherever they appear, then patterns that look like credentials whatever their value.
 */
final class Redaction {

    static final String MASK = "****";

    /** Patterns only: for text that no client's secrets could be in, and as the second layer of every client's. */
    static final Redaction GENERIC = new Redaction();

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization)(\\s*[\"']?\\s*[:=]\\s*[\"']?)((?:basic|bearer|digest|negotiate|token)\\s+)?[^\\s\"',;}]+");
    private static final Pattern SCHEME_VALUE = Pattern.compile("(?i)\\b(basic|bearer)(\\s+)([A-Za-z0-9._~+/-]{8,}=*)");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b(password|passwd|pwd|secret|client_secret|access_token|refresh_token"
            + "|id_token|identitytoken|identity_token|token|api[_-]?key|x-registry-auth)(\\s*[\"']?\\s*[:=]\\s*[\"']?)([^\\s\"'&,;}]+)");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    /** A redaction that knows the client's credentials; tokens are added as they are issued. */
    static Redaction of(Credentials credentials) {
        Redaction r = new Redaction();
        if (credentials instanceof Credentials.Basic b) {
            r.addCredential(b.username(), b.password());
        } else if (credentials instanceof Credentials.IdentityToken t) {
            r.addCredential(t.username() == null ? "<token>" : t.username(), t.token());
        }
        return r;
    }

    private void addCredential(String username, String secret) {
        add(secret);
        add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        add(username + ":" + secret);
        String basic = Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
        add(basic);
        add(basic.replace("=", "")); // a server may print it without padding
    }

    /** Remembers a secret to remove from later messages (e.g. a token just issued). Very short values are ignored. */
    void add(String secret) {
        if (this != GENERIC && secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
    }

    /** The text without known secrets and without credential-looking values; null stays null. */
    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = text;
        if (!secrets.isEmpty()) {
            // longest first, so "user:password" goes as a whole before "password" alone
            for (String s : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
                t = t.replace(s, MASK);
            }
        }
        t = AUTHORIZATION.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)
                + (m.group(3) == null ? "" : m.group(3)) + MASK));
        t = SCHEME_VALUE.matcher(t).replaceAll(m -> looksLikeCredential(m.group(3))
                ? Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK) : Matcher.quoteReplacement(m.group()));
        t = JWT.matcher(t).replaceAll(MASK);
        t = KEY_VALUE.matcher(t).replaceAll(m -> m.group(3).equals(MASK) ? Matcher.quoteReplacement(m.group())
                : Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        return t;
    }

    /** "Basic dXNlcjpwYXNz" is a credential, "Basic authentication" is prose: base64 and tokens mix case, digits or signs. */
    private static boolean looksLikeCredential(String value) {
        if (value.equals(MASK)) {
            return false;
        }
        boolean digitOrSign = value.chars().anyMatch(c -> Character.isDigit(c) || "+/=._~-".indexOf(c) >= 0);
        boolean innerUpper = value.substring(1).chars().anyMatch(Character::isUpperCase);
        return digitOrSign || innerUpper;
    }
}
