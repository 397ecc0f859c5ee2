package io.registryconsole.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.registryconsole.distribution.ImageReference;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One endpoint a runtime tries, in its order.
 *
 * @param order        1 for the first endpoint tried
 * @param url          scheme://host[:port] of the registry API
 * @param registryId   the console's registry for it; null for an upstream nothing is configured for (the runtime's
 *                     default, e.g. Docker Hub)
 * @param role         MIRROR, or UPSTREAM for the registry the image names
 * @param repository   the repository the runtime asks that endpoint for
 * @param reference    the reference as asked at that endpoint (Java only)
 */
@Schema(name = "PlannedEndpoint")
public record PlannedEndpoint(int order, String url, Long registryId, String registryName, EndpointRole role, String repository,
                              @JsonIgnore @Schema(hidden = true) ImageReference reference) {

    public enum EndpointRole {
        MIRROR, UPSTREAM
    }

    PlannedEndpoint withOrder(int newOrder) {
        return new PlannedEndpoint(newOrder, url, registryId, registryName, role, repository, reference);
    }

    /** What makes two endpoints the same request (for trying each only once). */
    String key() {
        return url + "|" + registryId + "|" + reference;
    }
}
