package io.registryconsole.distribution;

/** Where a referrer was found. */
public enum ReferrerSource {
    /** {@code GET /v2/<name>/referrers/<digest>} (OCI distribution 1.1). */
    REFERRERS_API,
    /** The referrers tag schema: an index tagged {@code sha256-<hex>}, for registries without the API. */
    REFERRERS_TAG,
    /** cosign's own tags: {@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}. */
    COSIGN_TAG
}
