package io.registryconsole.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first contact through a proxy, before any registry request: reach the proxy (else PROXY_UNREACHABLE), then ask it
 * for the registry — a CONNECT for HTTPS, an absolute-URI {@code HEAD /v2/} for plain HTTP — and classify its own
 * answers: 407 is PROXY_AUTH_REQUIRED, a refused CONNECT (403, 502, 503...) PROXY_REFUSED. The JDK client hides these
 * behind one "tunnel failed" IOException, hence this small exchange of our own.
 */
final class ProxyProbe {

    private final ProxySettings settings;
    private final ClientOptions options;
    private final AddressGuard guard;

    ProxyProbe(ProxySettings settings, ClientOptions options, AddressGuard guard) {
        this.settings = settings;
        this.options = options;
        this.guard = guard;
    }

    void probe(Operation op, URI proxy, URI target) {
        String where = proxy.getHost() + ":" + ProxySettings.port(proxy);
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        int targetPort = target.getPort() != -1 ? target.getPort() : https ? 443 : 80;
        String authority = (target.getHost().contains(":") ? "[" + target.getHost() + "]" : target.getHost()) + ":" + targetPort;
        String request = https ? "CONNECT " + authority : "HEAD " + target.getScheme() + "://" + authority + "/v2/";
        guard.check(proxy.getHost(), Phase.CONNECT, request);
        Operation.Span span = op.start(Phase.CONNECT, "proxy " + where);
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(proxy.getHost(), ProxySettings.port(proxy)), (int) options.connectTimeout().toMillis());
            } catch (UnknownHostException e) {
                throw failure(Category.PROXY_UNREACHABLE, "the proxy's name " + proxy.getHost() + " does not resolve", request, e);
            } catch (SocketTimeoutException e) {
                throw failure(Category.PROXY_UNREACHABLE, "no answer from the proxy " + where + " within "
                    + HttpTransport.seconds(options.connectTimeout()), request, e);
            } catch (IOException e) {
                throw failure(Category.PROXY_UNREACHABLE, "the proxy " + where + " cannot be reached: " + e.getMessage(), request, e);
            }
            socket.setSoTimeout((int) options.firstByteTimeout().toMillis());
            StringBuilder head = new StringBuilder(request).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n")
                .append("User-Agent: ").append(options.userAgent()).append("\r\n");
            settings.authorization().ifPresent(a -> head.append("Proxy-Authorization: ").append(a).append("\r\n"));
            head.append(https ? "" : "Connection: close\r\n").append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            List<String> answer = head(socket.getInputStream());
            int status = statusCode(answer.get(0));
            // tinyproxy answers wrong credentials with 401 instead of 407; through a plain-HTTP request a 401 is the
            // proxy's only when it does not come from a registry (which names its API version)
            boolean fromRegistry = answer.stream().anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT)
                .startsWith("docker-distribution-api-version:"));
            if (status == 407 || (status == 401 && settings.hasCredentials() && (https || !fromRegistry))) {
                throw RegistryException.builder(Category.PROXY_AUTH_REQUIRED, settings.hasCredentials()
                    ? "the proxy " + where + " rejected the stored proxy credentials (407)"
                    : "the proxy " + where + " requires credentials (407) and none are stored").phase(Phase.CONNECT).request(request)
                    .status(407).build();
            }
            if (https && (status < 200 || status > 299)) {
                throw RegistryException.builder(Category.PROXY_REFUSED, "the proxy " + where + " refused to connect to " + authority
                    + " (" + status + ")").phase(Phase.CONNECT).request(request).status(status).build();
            }
            // Through a plain-HTTP request the proxy's other answers cannot be told from the registry's own (a 503 may
            // be either): the ping that follows reports them with their body.
            span.end(0);
        } catch (RegistryException e) {
            span.fail(e.category(), 0);
            throw e;
        } catch (IOException e) {
            span.fail(Category.PROXY_REFUSED, 0);
            throw failure(Category.PROXY_REFUSED, "the proxy " + where + " broke off the request for " + authority + ": " + e.getMessage(),
                request, e);
        }
    }

    /** The status line and header lines of the proxy's answer (capped). */
    private static List<String> head(InputStream in) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while (lines.size() < 100 && (c = in.read()) != -1) {
            if (c == '\n') {
                String l = line.toString().strip();
                if (l.isEmpty()) {
                    break;
                }
                lines.add(l);
                line.setLength(0);
            } else if (line.length() < 1024) {
                line.append((char) c);
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("it closed the connection without an answer");
        }
        return lines;
    }

    private static int statusCode(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("it did not answer in HTTP");
        }
        return Integer.parseInt(parts[1]);
    }

    private static RegistryException failure(Category category, String message, String request, Throwable cause) {
        return RegistryException.builder(category, message).phase(Phase.CONNECT).request(request).cause(cause).build();
    }
}
