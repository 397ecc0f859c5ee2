package io.registryconsole.export;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * nginx in front of several registries ("hybrid setup"): one {@code /v2/} endpoint, the registry chosen
 * by a request header the user names.
 *
 * <p>Routing is a {@code map} from the header to an internal location per registry (never {@code if}):
 * {@code /v2/...} is rewritten to {@code /_rc/<env>/<registry>/v2/...}, and each registry's location holds
 * what differs per registry and cannot be chosen by a variable in nginx: the TLS verification settings,
 * the Host header and SNI name, and the rewriting of redirects to the registry's own origin.
 *
 * <p>Token auth: the registry's 401 challenge reaches the client unchanged; the client fetches a token
 * from the realm directly and sends it here, and nginx forwards the Authorization header. Redirects to
 * other origins (blob storage) also pass unchanged.
 */
final class NginxProxy implements Renderer {

    private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> MAP_KEYWORDS = Set.of("default", "hostnames", "include", "volatile");

    @Override
    public Format format() {
        return Format.NGINX_PROXY;
    }

    @Override
    public ExportResult render(ExportEnvironment env, ExportOptions options) {
        List<String> warnings = new ArrayList<>();
        List<ExportBinding> backends = distinctRegistries(env);
        if (backends.isEmpty()) {
            throw new InvalidExportOptionException("environment", "environment " + env.name()
                    + " has no registries for the nginx proxy to route to");
        }
        String envId = identifier(env.name());
        Map<ExportBinding, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (ExportBinding b : backends) {
            String id = identifier(b.registryName());
            String unique = id;
            for (int i = 2; !used.add(unique); i++) {
                unique = id + "_" + i;
            }
            ids.put(b, unique);
        }
        ExportBinding fallback = defaultBackend(env, backends, options);
        String variable = "$rc_" + envId + "_backend";
        String headerVariable = "$http_" + options.nginxHeader().toLowerCase(Locale.ROOT).replace('-', '_');
        List<ExportFile> caFiles = new ArrayList<>();

        StringBuilder c = new StringBuilder();
        c.append("# Registry Console: header-routed registry proxy for environment ").append(Comments.safe(env.name())).append(".\n")
                .append("# Include in nginx's http {} context (e.g. /etc/nginx/conf.d/registry-proxy-").append(envId)
                .append(".conf), then: nginx -t && nginx -s reload\n")
                .append("# Clients choose the registry with the header \"").append(options.nginxHeader())
                .append(": <name>\"; without it, or with an unknown name, requests go to ")
                .append(Comments.safe(fallback.registryName())).append(".\n")
                .append("# containerd can send the header: [host.\"http://<this proxy>\".header] in hosts.toml.\n")
                .append("# Logins pass through: a registry's 401 challenge reaches the client unchanged, the client gets\n")
                .append("# a token from the registry's realm itself and sends it here; nginx forwards Authorization.\n")
                .append("# Redirects to a registry's own origin are rewritten to this proxy; others (blob storage) pass.\n")
                .append("# Upstream host names are resolved when nginx starts.\n\n");

        c.append("map ").append(headerVariable).append(' ').append(variable).append(" {\n");
        c.append("    default ").append(quote(location(envId, ids.get(fallback)))).append(";\n");
        for (ExportBinding b : backends) {
            String key = b.registryName();
            if (!ROUTE_NAME.matcher(key).matches() || MAP_KEYWORDS.contains(key)) {
                key = ids.get(b);
                warnings.add("registry name " + b.registryName() + " is not usable as a header value: route with "
                        + options.nginxHeader() + ": " + key);
            }
            c.append("    ").append(quote(key)).append(' ').append(quote(location(envId, ids.get(b)))).append(";\n");
        }
        c.append("}\n\n");

        for (ExportBinding b : backends) {
            c.append("upstream ").append(upstream(envId, ids.get(b))).append(" {\n")
                    .append("    server ").append(serverAddress(b)).append(";\n")
                    .append("    keepalive 8;\n")
                    .append("}\n\n");
        }

        c.append("server {\n")
                .append("    listen ").append(options.nginxListen()).append(";\n")
                .append("    server_name ").append(options.nginxServerName()).append(";\n\n")
                .append("    # image layers are large and streamed: no size limit, no buffering\n")
                .append("    client_max_body_size 0;\n")
                .append("    chunked_transfer_encoding on;\n")
                .append("    proxy_buffering off;\n")
                .append("    proxy_request_buffering off;\n")
                .append("    proxy_http_version 1.1;\n")
                .append("    proxy_read_timeout 900s;\n")
                .append("    proxy_send_timeout 900s;\n\n")
                .append("    # nginx's own answers look like a registry's (clients check the API version header)\n")
                .append("    error_page 404 = @rc_not_found;\n")
                .append("    error_page 500 502 503 504 = @rc_unavailable;\n\n")
                .append("    location /v2/ {\n")
                .append("        rewrite ^ ").append(variable).append("$uri last;\n")
                .append("    }\n");
        for (ExportBinding b : backends) {
            String loc = location(envId, ids.get(b));
            String pass = b.plainHttp() ? "http://" : "https://";
            pass += upstream(envId, ids.get(b));
            if (b.prefix().isEmpty()) {
                c.append('\n').append("    location ").append(loc).append("/ {\n");
                backendDirectives(c, b, pass + "/", options, envId, ids.get(b), caFiles, warnings);
                c.append("    }\n");
            } else {
                // the API root stays /v2/; repositories live below the registry's prefix
                c.append('\n').append("    location = ").append(loc).append("/v2/ {\n");
                backendDirectives(c, b, pass + "/v2/", options, envId, ids.get(b), caFiles, warnings);
                c.append("    }\n");
                c.append('\n').append("    location ").append(loc).append("/v2/ {\n");
                backendDirectives(c, b, pass + "/v2/" + b.prefix() + "/", options, envId, ids.get(b), caFiles,
                        warnings);
                c.append("    }\n");
            }
        }
        c.append("\n    location / {\n        return 404;\n    }\n\n")
                .append("    location @rc_not_found {\n")
                .append("        default_type application/json;\n")
                .append("        add_header Docker-Distribution-Api-Version registry/2.0 always;\n")
                .append("        return 404 '{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"")
                .append("only the registry API under /v2/ is proxied here\"}]}';\n")
                .append("    }\n\n")
                .append("    location @rc_unavailable {\n")
                .append("        default_type application/json;\n")
                .append("        add_header Docker-Distribution-Api-Version registry/2.0 always;\n")
                .append("        return 502 '{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"")
                .append("the registry behind this proxy did not answer\"}]}';\n")
                .append("    }\n")
                .append("}\n");

        List<ExportFile> files = new ArrayList<>();
        files.add(new ExportFile("registry-proxy-" + envId + ".conf", "/etc/nginx/conf.d/registry-proxy-" + envId + ".conf",
                c.toString(), "text/plain"));
        files.addAll(caFiles);
        return new ExportResult(format(), files, warnings, false);
    }

    private static void backendDirectives(StringBuilder c, ExportBinding b, String proxyPass, ExportOptions options,
                                          String envId, String id, List<ExportFile> caFiles, List<String> warnings) {
        String host = b.dockerHub() ? "registry-1.docker.io" : b.hostPort();
        c.append("        internal;\n")
                .append("        proxy_pass ").append(proxyPass).append(";\n")
                .append("        proxy_set_header Host ").append(quote(host)).append(";\n")
                .append("        proxy_set_header X-Forwarded-Host $http_host;\n")
                .append("        proxy_set_header X-Forwarded-Proto $scheme;\n")
                .append("        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")
                .append("        proxy_set_header X-Real-IP $remote_addr;\n")
                .append("        proxy_set_header Connection \"\";\n")
                .append("        proxy_set_header ").append(options.nginxHeader()).append(" \"\";\n")
                .append("        proxy_redirect ").append(b.dockerHub() ? Hosts.DOCKER_HUB_ENDPOINT : b.origin())
                .append("/ /;\n");
        if (b.plainHttp()) {
            return;
        }
        String sniName = b.dockerHub() ? "registry-1.docker.io" : b.url().getHost();
        c.append("        proxy_ssl_server_name on;\n")
                .append("        proxy_ssl_name ").append(quote(sniName)).append(";\n");
        if (b.insecure()) {
            c.append("        proxy_ssl_verify off;  # registry marked insecure\n");
            return;
        }
        if (isIpLiteral(b.url().getHost())) {
            warnings.add("registry " + b.registryName() + " is addressed by IP: nginx checks the certificate's"
                    + " DNS names, not IP addresses; use a host name the certificate names or mark it insecure");
        }
        String trusted = options.nginxSystemCaBundle();
        if (b.caPem() != null) {
            String name = envId + "-" + id + ".crt";
            caFiles.add(new ExportFile(name, options.nginxCertsDir() + "/" + name, Pem.normalise(b.caPem()),
                    "application/x-pem-file"));
            trusted = options.nginxCertsDir() + "/" + name;
        }
        c.append("        proxy_ssl_verify on;\n")
                .append("        proxy_ssl_verify_depth 4;\n")
                .append("        proxy_ssl_trusted_certificate ").append(trusted).append(";\n");
    }

    /** One backend per registry: a registry bound twice (e.g. as primary and as mirror) is proxied once. */
    private static List<ExportBinding> distinctRegistries(ExportEnvironment env) {
        Map<String, ExportBinding> byName = new LinkedHashMap<>();
        env.primaries().forEach(b -> byName.putIfAbsent(b.registryName(), b));
        env.mirrors().forEach(b -> byName.putIfAbsent(b.registryName(), b));
        return List.copyOf(byName.values());
    }

    private static ExportBinding defaultBackend(ExportEnvironment env, List<ExportBinding> backends, ExportOptions o) {
        if (o.nginxDefaultRegistry() == null) {
            return backends.get(0);
        }
        return backends.stream().filter(b -> b.registryName().equals(o.nginxDefaultRegistry())).findFirst()
                .orElseThrow(() -> new InvalidExportOptionException("nginxDefaultRegistry", "'"
                        + o.nginxDefaultRegistry() + "' is not a registry of environment " + env.name()));
    }

    private static String serverAddress(ExportBinding b) {
        if (b.dockerHub()) {
            return "registry-1.docker.io:443";
        }
        int port = b.url().getPort();
        if (port == -1) {
            port = b.plainHttp() ? 80 : 443;
        }
        return b.url().getHost() + ":" + port;
    }

    private static String location(String envId, String id) {
        return "/_rc/" + envId + "/" + id;
    }

    private static String upstream(String envId, String id) {
        return "rc_" + envId + "_" + id;
    }

    /** Lower-case letters, digits and '_' only: safe in nginx names, variables and paths. */
    static String identifier(String name) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return id.isEmpty() ? "registry" : id;
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** An nginx double-quoted string; the values quoted here never hold '$' (no variables meant). */
    static String quote(String s) {
        if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '$')) {
            throw new IllegalArgumentException("not usable in an nginx configuration: " + s);
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
