package io.registryconsole.distribution;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference parsed with the grammar of distribution/reference and normalised the way docker does:
 * the first path part is a registry domain when it contains {@code .} or {@code :}, is {@code localhost}
 * or contains uppercase letters; otherwise the image lives on Docker Hub ({@code docker.io}, whose API
 * host is {@code registry-1.docker.io}) and single names get the {@code library/} prefix. A digest wins
 * over a tag when both are given; without either the tag is {@code latest}.
 */
public final class ImageReference {

    public static final String DOCKER_HUB_DOMAIN = "docker.io";
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String LEGACY_DOCKER_HUB_DOMAIN = "index.docker.io";
    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
    private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    private final String domain;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String domain, String repository, String tag, Digest digest) {
        this.domain = domain;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses a reference such as {@code nginx}, {@code ghcr.io/org/app:1.2} or {@code localhost:5000/a@sha256:...}.
     *
     * @throws RegistryException with category {@link Category#INVALID_REFERENCE} and a message naming the problem
     */
    public static ImageReference parse(String input) {
        try {
            return doParse(input);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Category.INVALID_REFERENCE, "invalid image reference \"" + shorten(input) + "\": " + e.getMessage());
        }
    }

    /** Builds a reference from parts that are validated like {@link #parse(String)}. */
    public static ImageReference of(String domain, String repository, String tag, Digest digest) {
        StringBuilder sb = new StringBuilder(domain).append('/').append(repository);
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return parse(sb.toString());
    }

    private static ImageReference doParse(String input) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("the reference is empty");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("whitespace or control character at position " + i);
            }
        }
        if (input.contains("://")) {
            throw new IllegalArgumentException("a reference has no scheme; remove \"" + input.substring(0, input.indexOf("://") + 3) + "\"");
        }
        String rest = input;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestPart = rest.substring(at + 1);
            if (digestPart.isEmpty()) {
                throw new IllegalArgumentException("digest is empty after '@'");
            }
            if (digestPart.indexOf('@') >= 0) {
                throw new IllegalArgumentException("more than one '@'");
            }
            digest = Digest.parse(digestPart);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("tag is empty after ':'");
            }
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tag \"" + shorten(tag) + "\" is not valid: at most 128 characters of letters, digits, "
                        + "'_', '.' and '-', not starting with '.' or '-'");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("the repository name is empty");
        }
        if (HEX64.matcher(rest).matches()) {
            throw new IllegalArgumentException("a repository name cannot be a 64-character hexadecimal string (that looks like an image ID)");
        }

        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase()))) {
            domain = first;
            path = rest.substring(slash + 1);
            validateDomain(domain);
        } else {
            domain = DOCKER_HUB_DOMAIN;
            path = rest;
        }
        if (domain.equals(LEGACY_DOCKER_HUB_DOMAIN)) {
            domain = DOCKER_HUB_DOMAIN;
        }
        validatePath(path);
        if (domain.equals(DOCKER_HUB_DOMAIN) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        int nameLength = domain.length() + 1 + path.length();
        if (nameLength > NAME_TOTAL_LENGTH_MAX) {
            throw new IllegalArgumentException("the name \"" + shorten(domain + "/" + path) + "\" has " + nameLength
                    + " characters; at most " + NAME_TOTAL_LENGTH_MAX + " are allowed");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, path, tag, digest);
    }

    private static void validateDomain(String domain) {
        String host = domain;
        int portColon = domain.startsWith("[") ? domain.indexOf("]:") + 1 : domain.lastIndexOf(':');
        if (portColon > 0) {
            String port = domain.substring(portColon + 1);
            host = domain.substring(0, portColon);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("registry port \"" + shorten(port) + "\" is not a number from 0 to 65535");
            }
        }
        if (host.startsWith("[")) {
            if (!IPV6_BRACKETED.matcher(host).matches()) {
                throw new IllegalArgumentException("registry address \"" + shorten(host) + "\" is not a valid bracketed IPv6 address");
            }
            return;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the registry host is empty");
        }
        NumericHost.requireCanonical(host);
        for (String component : host.split("\\.", -1)) {
            if (!DOMAIN_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("registry host \"" + shorten(host) + "\" is not valid: each dot-separated part must be "
                        + "letters, digits and inner '-'" + (component.isEmpty() ? " (found an empty part)" : " (found \"" + shorten(component) + "\")"));
            }
        }
    }

    private static void validatePath(String path) {
        if (!path.equals(path.toLowerCase())) {
            throw new IllegalArgumentException("repository name \"" + shorten(path) + "\" must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                throw new IllegalArgumentException("repository name \"" + shorten(path) + "\" has an empty path component (leading, trailing or double '/')");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("path component \"" + shorten(component) + "\" is not valid: use lowercase letters and digits, "
                        + "separated by '.', '_', '__' or dashes, starting and ending with a letter or digit");
            }
        }
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    /** The registry as written in the reference after normalisation, e.g. {@code docker.io} or {@code localhost:5000}. */
    public String domain() {
        return domain;
    }

    /** Host (and port) of the registry API: {@code docker.io} maps to {@code registry-1.docker.io}. */
    public String registryHost() {
        return domain.equals(DOCKER_HUB_DOMAIN) ? DOCKER_HUB_API_HOST : domain;
    }

    /** The repository path, e.g. {@code library/nginx}. */
    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** What goes into {@code /v2/<name>/manifests/<reference>}: the digest when present, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same image pinned to a digest (the tag is kept for display). */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, repository, tag, Objects.requireNonNull(newDigest));
    }

    /** The canonical form, e.g. {@code docker.io/library/nginx:1.25}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(domain).append('/').append(repository);
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
