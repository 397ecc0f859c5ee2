package io.registryconsole.distribution;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The first contact with a registry origin, done by hand so that each step has its own timing and its own precise
 * failure: DNS (and the outbound policy), TCP connect, TLS handshake. The JDK HTTP client hides these steps; the
 * probe makes them visible for checks and pull waterfalls and then lets the HTTP client do the real requests.
 */
final class ConnectionProbe {

    /**
     * @param tls null for plain HTTP
     */
    record Result(List<InetAddress> addresses, InetAddress connected, TlsInfo tls) {
    }

    private final AddressGuard guard;
    private final SSLContext sslContext;
    private final RegistryTrustManager trustManager;
    private final ClientOptions options;

    ConnectionProbe(AddressGuard guard, SSLContext sslContext, RegistryTrustManager trustManager, ClientOptions options) {
        this.guard = guard;
        this.sslContext = sslContext;
        this.trustManager = trustManager;
        this.options = options;
    }

    Result probe(Operation op, URI origin) {
        String host = origin.getHost();
        boolean https = "https".equals(origin.getScheme());
        int port = origin.getPort() != -1 ? origin.getPort() : https ? 443 : 80;
        String where = host + ":" + port;
        String request = "CONNECT " + origin.getScheme() + "://" + where;

        op.checkActive(Phase.DNS);
        Operation.Span dns = op.start(Phase.DNS, host);
        List<InetAddress> addresses;
        try {
            addresses = guard.check(host, Phase.DNS, request);
            dns.end(0);
        } catch (RuntimeException e) {
            dns.failIfOpen(e);
            throw e;
        }

        op.checkActive(Phase.CONNECT);
        InetAddress target = addresses.get(0);
        Operation.Span connect = op.start(Phase.CONNECT, where);
        Socket socket = new Socket();
        try (AutoCloseable unregister = op.onCancel(() -> closeQuietly(socket))) {
            try {
                socket.connect(new InetSocketAddress(target, port), (int) Math.max(1, options.connectTimeout().toMillis()));
                connect.end(0);
            } catch (IOException e) {
                RegistryException failure = connectFailure(op, e, host, target, port, request);
                connect.fail(failure.category(), 0);
                throw failure;
            }
            if (!https) {
                return new Result(addresses, target, null);
            }
            op.checkActive(Phase.TLS);
            Operation.Span tls = op.start(Phase.TLS, where);
            try {
                TlsInfo info = handshake(socket, host, port);
                tls.end(0);
                return new Result(addresses, target, info);
            } catch (IOException e) {
                RegistryException failure = op.isCancelled() ? op.cancelledException(Phase.TLS) : tlsFailure(e, where, request);
                if (e instanceof SocketTimeoutException && speaksHttp(target, port, host)) {
                    // Some plain-HTTP servers wait silently for a request line instead of rejecting the ClientHello.
                    failure = RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, where + " does not speak TLS (it answers plain HTTP); "
                            + "use http:// and mark the registry insecure, or use the TLS port").phase(Phase.TLS).request(request).cause(e).build();
                }
                tls.fail(failure.category(), 0);
                throw failure;
            }
        } catch (RegistryException e) {
            throw e;
        } catch (Exception e) {
            throw RegistryException.builder(Category.SERVER_ERROR, "unexpected failure while connecting to " + where).cause(e).build();
        } finally {
            closeQuietly(socket);
        }
    }

    /**
     * Whether a port answers a TLS ClientHello with a ServerHello. Used only to explain a failed plain-HTTP request
     * (plain HTTP spoken to a TLS port); certificates are not judged and no data is exchanged.
     */
    boolean speaksTls(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, options.connectTimeout().toMillis()));
            SSLContext sniff = SSLContext.getInstance("TLS");
            sniff.init(null, new javax.net.ssl.TrustManager[] {new SniffTrustManager()}, null);
            try (SSLSocket ssl = (SSLSocket) sniff.getSocketFactory().createSocket(socket, host, port, false)) {
                ssl.setSoTimeout((int) Math.max(1, options.tlsHandshakeTimeout().toMillis()));
                ssl.startHandshake();
                return true;
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether a port answers a plain {@code GET /v2/} with an HTTP status line; only used to explain a TLS failure. */
    private boolean speaksHttp(InetAddress address, int port, String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, options.connectTimeout().toMillis()));
            socket.setSoTimeout((int) Math.max(1, options.tlsHandshakeTimeout().toMillis()));
            socket.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] start = socket.getInputStream().readNBytes(5);
            return new String(start, java.nio.charset.StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException e) {
            return false;
        }
    }

    /** Accepts any certificate: only for {@link #speaksTls}, which sends nothing after the handshake. */
    private static final class SniffTrustManager extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    private TlsInfo handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        if (!HostnameMatcher.isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout((int) Math.max(1, options.tlsHandshakeTimeout().toMillis()));
        ssl.startHandshake();
        SSLSession session = ssl.getSession();
        RegistryException skipped = trustManager.skippedProblem(host, port);
        return new TlsInfo(session.getProtocol(), session.getCipherSuite(), CertificateInfo.chain(session.getPeerCertificates()),
                java.util.Optional.ofNullable(skipped));
    }

    private RegistryException connectFailure(Operation op, IOException e, String host, InetAddress target, int port, String request) {
        String where = host + (host.equals(target.getHostAddress()) ? "" : " (" + target.getHostAddress() + ")") + " port " + port;
        if (op.isCancelled()) {
            return op.cancelledException(Phase.CONNECT);
        }
        Category category;
        String message;
        if (e instanceof SocketTimeoutException) {
            category = Category.CONNECT_TIMEOUT;
            message = "no answer from " + where + " within " + options.connectTimeout().toSeconds() + " s (firewall, wrong address, or host down)";
        } else if (e instanceof NoRouteToHostException) {
            category = Category.CONNECT_TIMEOUT;
            message = "no route to " + where + " (host unreachable)";
        } else if (e instanceof ConnectException) {
            category = Category.CONNECTION_REFUSED;
            message = "connection refused by " + where + ": nothing listens on that port";
        } else {
            category = Category.CONNECTION_REFUSED;
            message = "cannot connect to " + where + ": " + e.getMessage();
        }
        return RegistryException.builder(category, message).phase(Phase.CONNECT).request(request).cause(e).build();
    }

    static RegistryException tlsFailure(IOException e, String where, String request) {
        TlsCertificateException cert = TlsCertificateException.find(e);
        if (cert != null) {
            return RegistryException.builder(cert.category(), cert.getMessage()).phase(Phase.TLS).request(request).cause(e).build();
        }
        if (e instanceof SocketTimeoutException) {
            return RegistryException.builder(Category.CONNECT_TIMEOUT, "the TLS handshake with " + where + " did not finish in time")
                    .phase(Phase.TLS).request(request).cause(e).build();
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
            return RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, where + " does not speak TLS (it answered in plain text); "
                    + "use http:// and mark the registry insecure, or use the TLS port").phase(Phase.TLS).request(request).cause(e).build();
        }
        if (e instanceof EOFException || e instanceof SocketException || m.contains("Remote host terminated")) {
            return RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, where + " closed the connection during the TLS handshake "
                    + "(not a TLS port, or no common TLS version/cipher)").phase(Phase.TLS).request(request).cause(e).build();
        }
        if (e instanceof SSLException) {
            return RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, "the TLS handshake with " + where + " failed: " + m)
                    .phase(Phase.TLS).request(request).cause(e).build();
        }
        return RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, "the TLS handshake with " + where + " failed: " + m)
                .phase(Phase.TLS).request(request).cause(e).build();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
