/**
 * The console's own client of the container registry protocol (OCI Distribution / Docker Registry HTTP API v2), on
 * the JDK's {@code java.net.http.HttpClient}. Plain Java: no Spring, no JPA, no other console feature (an ArchUnit
 * test keeps it so); Jackson is used only to read the protocol's small JSON documents.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * RegistryEndpoint endpoint = RegistryEndpoint.of("harbor.example.com", false, caPemOrNull,
 *         Credentials.basic("robot$ci", secret));
 * RegistryClient client = RegistryClient.create(endpoint, ClientOptions.defaults(), OutboundPolicy.parse(allow, deny));
 * PingResult ping = client.ping();                       // DNS, CONNECT, TLS, PING phases; TLS details
 * AuthResult auth = client.checkAuth();                  // like docker login
 * RepositoryCheck repo = client.checkRepository("library/nginx");
 * ManifestHead head = client.head(ImageReference.parse("nginx:1.25"));         // no pull quota spent
 * PullResult pull = client.pull(ImageReference.parse("nginx:1.25"), Platform.parse("linux/arm64"), listener, null);
 * PullHandle running = client.pullAsync(ref, platform, listener, null);         // running.cancel()
 * List<Referrer> refs = client.referrers("library/nginx", digest);  // signatures, SBOMs, attestations
 * }</pre>
 * Every failure is a {@link io.registryconsole.distribution.RegistryException} whose
 * {@link io.registryconsole.distribution.Category} is one of the API's failure categories; it names the phase and
 * the request (without secrets) and carries the registry's own error code and message and rate-limit headers.
 *
 * <h2>Inside</h2>
 * {@code RegistryClient} (facade) → {@code ConnectionProbe} (first contact: DNS + {@code OutboundPolicy}, TCP, TLS
 * with {@code RegistryTrustManager}) → {@code RequestExecutor} (auth via {@code Authenticator}/{@code TokenFetcher}/
 * {@code TokenCache}, redirects by hand, bounded retries) → {@code HttpTransport} (policy check of every target,
 * deadline, cancellation, exception classification) → JDK HttpClient. Manifests: {@code ManifestResolver};
 * blobs: {@code BlobFetcher} with {@code BlobStream} (digest and size verified while streaming). Referrers:
 * {@code ReferrerFinder} (OCI 1.1 referrers API, its {@code sha256-<hex>} tag fallback, cosign's {@code .sig/.att/.sbom} tags).
 */
package io.registryconsole.distribution;
