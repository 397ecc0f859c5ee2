package io.registryconsole.distribution;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange on the JDK client: the outbound policy is applied to the target first, the wait honours the
 * operation's deadline and cancellation, and whatever goes wrong comes back as a classified
 * {@link RegistryException}. Redirects, auth and retries are the caller's business.
 */
final class HttpTransport {

    static {
        // The JDK client reads the socket in buffers of jdk.httpclient.bufsize bytes (16 KiB by default) and hands
        // each one through its reactive pipeline. Bigger buffers cut that per-buffer overhead: 64 KiB raised verified
        // pull throughput by about a third on the benchmark, 256 KiB took another ~10 % off the CPU per byte (larger
        // ones risk G1 "humongous" allocations on small heaps). The property is read once, when the JDK's HTTP client
        // classes initialise, so it only takes effect if nothing created an HttpClient before; an explicit
        // -Djdk.httpclient.bufsize wins.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
        // The JDK refuses Basic proxy auth for CONNECT tunnels by default (since 8u111); docker and containerd send it,
        // and so must the console to reach HTTPS registries through the nodes' proxy. Read once, like bufsize.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
    }

    private final HttpClient client;
    private final AddressGuard guard;
    private final ClientOptions options;
    private final Redaction redaction;
    private final ProxySettings proxy;

    HttpTransport(SSLContext sslContext, AddressGuard guard, ClientOptions options, Redaction redaction) {
        this(sslContext, guard, options, redaction, null);
    }

    HttpTransport(SSLContext sslContext, AddressGuard guard, ClientOptions options, Redaction redaction, ProxySettings proxy) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .sslContext(sslContext);
        if (proxy != null) {
            builder.proxy(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return proxy.proxyFor(uri).map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                            InetSocketAddress.createUnresolved(p.getHost(), ProxySettings.port(p))))).orElse(List.of(Proxy.NO_PROXY));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                    // classified from the exception the request gets
                }
            });
            if (proxy.hasCredentials()) {
                builder.authenticator(new java.net.Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        // only the proxy: a registry's 401 is the Authenticator of this package's business
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication(proxy.username(), (proxy.password() == null ? "" : proxy.password()).toCharArray())
                                : null;
                    }
                });
            }
        }
        this.client = builder.build();
        this.guard = guard;
        this.options = options;
        this.redaction = redaction;
        this.proxy = proxy;
    }

    /** The client's secrets, to keep them out of messages built from what a server sent. */
    Redaction redaction() {
        return redaction;
    }

    ClientOptions options() {
        return options;
    }

    AddressGuard guard() {
        return guard;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.firstByteTimeout()).header("User-Agent", options.userAgent());
    }

    /**
     * Sends the request and waits for the response and its body.
     *
     * @throws RegistryException classified; {@link RegistryException#retryable()} tells whether another try may help
     */
    <T> HttpResponse<T> send(Operation op, Phase phase, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        String described = RegistryException.describe(request.method(), request.uri());
        op.checkActive(phase);
        // Through a proxy the console connects to the proxy only; the registry's name is the proxy's to resolve.
        java.util.Optional<URI> via = proxy == null ? java.util.Optional.empty() : proxy.proxyFor(request.uri());
        guard.check(via.map(URI::getHost).orElse(request.uri().getHost()), phase, described);
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        try (AutoCloseable ignored = op.onCancel(() -> future.cancel(true))) {
            long wait = op.remainingNanos();
            return future.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw op.deadlineException(phase).withContext(described, phase);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw op.cancelledException(phase).withContext(described, phase);
        } catch (CancellationException e) {
            throw op.cancelledException(phase).withContext(described, phase);
        } catch (ExecutionException e) {
            throw classify(e.getCause(), described, phase, request.uri(), op);
        } catch (Exception e) {
            throw classify(e, described, phase, request.uri(), op);
        }
    }

    /** Sends the request and reads at most {@code cap} bytes of the body, whatever the status. */
    Response exchange(Operation op, Phase phase, HttpRequest request, long cap) {
        String what = "the response of " + RegistryException.describe(request.method(), request.uri());
        HttpResponse<CappedBody.Body> response = send(op, phase, request,
                info -> new CappedBody(op, phase, what, options.idleTimeout().toNanos(), cap));
        CappedBody.Body body = response.body();
        return new Response(request.method(), response.uri(), response.statusCode(), response.headers(), body.bytes(), body.truncated(), redaction);
    }

    RegistryException classify(Throwable t, String request, Phase phase, URI uri, Operation op) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        for (Throwable x = c; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof RegistryException re) {
                return re.withContext(request, phase);
            }
        }
        if (op.isCancelled() || c instanceof CancellationException) {
            return op.cancelledException(phase).withContext(request, phase);
        }
        String where = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        TlsCertificateException cert = TlsCertificateException.find(c);
        if (cert != null) {
            return RegistryException.builder(cert.category(), cert.getMessage()).phase(Phase.TLS).request(request).cause(c).build();
        }
        if (c instanceof HttpConnectTimeoutException) {
            return RegistryException.builder(Category.CONNECT_TIMEOUT, "no answer from " + where + " within "
                    + options.connectTimeout().toSeconds() + " s").phase(Phase.CONNECT).request(request).cause(c).retryable(true).build();
        }
        if (c instanceof HttpTimeoutException) {
            return RegistryException.builder(Category.TRANSFER_TIMEOUT, where + " sent no response within "
                    + seconds(options.firstByteTimeout())).phase(phase).request(request).cause(c).retryable(true).build();
        }
        if (c instanceof ConnectException) {
            if (hasCause(c, UnresolvedAddressException.class)) {
                return RegistryException.builder(Category.DNS_FAILURE, "the host name " + uri.getHost() + " does not resolve")
                        .phase(Phase.DNS).request(request).cause(c).build();
            }
            return RegistryException.builder(Category.CONNECTION_REFUSED, "connection refused by " + where + ": nothing listens on that port")
                    .phase(Phase.CONNECT).request(request).cause(c).build();
        }
        if (c instanceof SSLException ssl) {
            return ConnectionProbe.tlsFailure(ssl, where, request);
        }
        if (c instanceof IOException) {
            String m = redaction.redact(String.valueOf(c.getMessage())); // the JDK quotes odd status lines the server sent
            if ("http".equals(uri.getScheme()) && (m.contains("Invalid status line") || m.contains("Bad response"))) {
                return RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, where + " did not answer in HTTP; it probably expects TLS "
                        + "(use https://)").phase(Phase.TLS).request(request).cause(c).build();
            }
            // Reset or closed connections: often a pooled connection the server had dropped. Safe to retry.
            return RegistryException.builder(Category.SERVER_ERROR, "the connection to " + where + " broke: " + m)
                    .phase(phase).request(request).cause(c).retryable(true).build();
        }
        return RegistryException.builder(Category.SERVER_ERROR, "unexpected failure talking to " + where + ": " + c)
                .phase(phase).request(request).cause(c).build();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (type.isInstance(x)) {
                return true;
            }
        }
        return false;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
