package io.registryconsole.registry;

import java.util.Locale;

/** Who runs the registry. Tells the console which quirks (auth flows, rate limits, URL shapes) to expect. */
public enum RegistryProvider {
    DOCKER_HUB, HARBOR, NEXUS, ARTIFACTORY, ALIBABA_ACR, AZURE_ACR, ECR, GAR, GHCR, QUAY, GITLAB, DISTRIBUTION, OTHER;

    /** The provider a well-known host belongs to, or OTHER; used when a request names no provider. */
    static RegistryProvider guessFromHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (RegistryUrl.isDockerHubHost(h)) {
            return DOCKER_HUB;
        }
        if (h.equals("ghcr.io")) {
            return GHCR;
        }
        if (h.equals("quay.io")) {
            return QUAY;
        }
        if (h.equals("registry.gitlab.com")) {
            return GITLAB;
        }
        if (h.endsWith(".azurecr.io")) {
            return AZURE_ACR;
        }
        if (h.matches("[0-9]{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?") || h.equals("public.ecr.aws")) {
            return ECR;
        }
        if (h.endsWith("-docker.pkg.dev") || h.equals("gcr.io") || h.endsWith(".gcr.io")) {
            return GAR;
        }
        if (h.endsWith(".aliyuncs.com") || h.endsWith(".cr.aliyuncs.com")) {
            return ALIBABA_ACR;
        }
        return OTHER;
    }
}
