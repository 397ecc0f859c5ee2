package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Reads k3s / RKE2 registries.yaml. An endpoint that is the upstream itself is a PRIMARY binding, every
 * other endpoint a MIRROR of it in list order; {@code configs} add logins and TLS settings by host.
 */
final class K3sRegistriesImporter {

    ImportedConfig read(String text) {
        LocatedTree tree = LocatedTree.parse(Format.K3S_REGISTRIES, Formats.YAML, text);
        JsonNode root = tree.root();
        List<String> warnings = new ArrayList<>();
        List<ImportedBinding> bindings = new ArrayList<>();
        JsonNode mirrors = root.get("mirrors");
        if (mirrors != null && !mirrors.isObject()) {
            tree.problem("/mirrors", "must map registry host names to endpoint lists");
        } else if (mirrors != null) {
            for (String name : mirrors.propertyNames()) {
                readMirror(tree, "/mirrors" + LocatedTree.seg(name), name, mirrors.get(name), bindings, warnings);
            }
        }
        JsonNode configs = root.get("configs");
        if (configs != null && !configs.isObject()) {
            tree.problem("/configs", "must map registry host names to auth and tls");
        } else if (configs != null) {
            for (String host : configs.propertyNames()) {
                readConfig(tree, "/configs" + LocatedTree.seg(host), host, configs.get(host), bindings, warnings);
            }
        }
        tree.throwIfProblems();
        return new ImportedConfig(Format.K3S_REGISTRIES, bindings, null, warnings);
    }

    private static void readMirror(LocatedTree tree, String pointer, String name, JsonNode mirror,
                                   List<ImportedBinding> bindings, List<String> warnings) {
        String upstream;
        try {
            upstream = name.equals("*") ? null : Hosts.normaliseUpstream(name);
        } catch (IllegalArgumentException e) {
            tree.problem(pointer, e.getMessage());
            return;
        }
        if (upstream == null) {
            warnings.add("the default mirror \"*\" is not managed by the console; left out");
            return;
        }
        if (mirror == null || !mirror.isObject()) {
            tree.problem(pointer, "must have an endpoint list");
            return;
        }
        if (mirror.has("rewrite")) {
            warnings.add("rewrite rules of " + name + " are not managed by the console; left out");
        }
        JsonNode endpoints = mirror.get("endpoint");
        if (endpoints == null || !endpoints.isArray()) {
            tree.problem(pointer + "/endpoint", "must be a list of URLs");
            return;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            String ep = pointer + "/endpoint/" + i;
            if (!endpoints.get(i).isString()) {
                tree.problem(ep, "must be a URL string");
                continue;
            }
            Optional<URI> url = ImportSupport.url(tree, ep, endpoints.get(i).asString());
            url.ifPresent(u -> {
                boolean self = Hosts.prefix(u).isEmpty() && ImportSupport.upstreamOf(u).equals(upstream);
                bindings.add(new ImportedBinding(u, true, false, self ? BindingRole.PRIMARY : BindingRole.MIRROR,
                        self ? null : upstream, null));
            });
        }
    }

    private static void readConfig(LocatedTree tree, String pointer, String host, JsonNode config,
                                   List<ImportedBinding> bindings, List<String> warnings) {
        if (config == null || !config.isObject()) {
            tree.problem(pointer, "must hold auth and/or tls");
            return;
        }
        ExportCredential credential = null;
        JsonNode auth = config.get("auth");
        if (auth != null) {
            String ap = pointer + "/auth";
            String username = ImportSupport.string(tree, auth, ap, "username");
            String password = ImportSupport.string(tree, auth, ap, "password");
            String encoded = ImportSupport.string(tree, auth, ap, "auth");
            String token = ImportSupport.string(tree, auth, ap, "identity_token");
            if (token != null) {
                credential = ExportCredential.token(username, token);
            } else if (username != null && password != null) {
                credential = ExportCredential.basic(username, password);
            } else if (encoded != null) {
                credential = ImportSupport.basicFromAuth(tree, ap + "/auth", encoded);
            } else {
                tree.problem(ap, "needs username and password, auth or identity_token");
            }
        }
        Boolean skipVerify = null;
        JsonNode tls = config.get("tls");
        if (tls != null) {
            skipVerify = ImportSupport.bool(tree, tls, pointer + "/tls", "insecure_skip_verify");
            if (tls.has("ca_file")) {
                warnings.add(host + ": CA file " + tls.path("ca_file").asString()
                        + " is a path on the node: paste the PEM into the registry in the console");
            }
            if (tls.has("cert_file") || tls.has("key_file")) {
                warnings.add(host + ": client certificates are not managed by the console; left out");
            }
        }
        String hostKey = Hosts.isDockerHubEndpoint(host) ? "registry-1.docker.io" : host.toLowerCase(java.util.Locale.ROOT);
        boolean matched = false;
        for (int i = 0; i < bindings.size(); i++) {
            ImportedBinding b = bindings.get(i);
            if (Hosts.hostPort(b.url()).equals(hostKey)) {
                matched = true;
                bindings.set(i, new ImportedBinding(b.url(), b.schemeKnown(),
                        skipVerify != null ? skipVerify : b.insecure(), b.role(), b.mirrorOf(), credential));
            }
        }
        if (!matched) {
            final ExportCredential login = credential;
            final Boolean insecure = skipVerify != null ? skipVerify : Boolean.FALSE;
            ImportSupport.hostLocation(tree, pointer, host).ifPresent(u ->
                    bindings.add(new ImportedBinding(u, false, insecure, BindingRole.PRIMARY, null, login)));
        }
    }
}
