package io.registryconsole.export;

import java.net.URI;

/**
 * One registry use read from a client configuration file.
 *
 * @param url         scheme://host[:port][/prefix]
 * @param schemeKnown false when the file does not tell HTTP from HTTPS (daemon.json's insecure-registries,
 *                    registries.conf locations): then {@code url} says https and only the host counts
 * @param insecure    plain HTTP or unverified TLS as the file states it; null when the file does not say
 * @param role        PRIMARY or MIRROR; null when the file only holds a login for the registry (config.json)
 * @param mirrorOf    the upstream host of a MIRROR
 * @param credential  the login the file holds, or null
 */
public record ImportedBinding(URI url, boolean schemeKnown, Boolean insecure, BindingRole role, String mirrorOf,
                              ExportCredential credential) {

    public ImportedBinding {
        url = Hosts.checkRegistryUrl(url);
        mirrorOf = mirrorOf == null ? null : Hosts.normaliseUpstream(mirrorOf);
    }

    /** host[:port] plus "/prefix": what identifies the registry across formats. */
    public String identity() {
        String prefix = Hosts.prefix(url);
        return Hosts.hostPort(url) + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Whether clients would talk to it without verified TLS. */
    public boolean effectivelyInsecure() {
        return Boolean.TRUE.equals(insecure) || (schemeKnown && "http".equals(url.getScheme()));
    }

    @Override
    public String toString() {
        return "ImportedBinding[" + url + ", role=" + role + ", mirrorOf=" + mirrorOf + ", insecure=" + insecure
                + ", credential=" + (credential == null ? "none" : credential.kind()) + "]";
    }
}
