package io.registryconsole.pull;

/** Filters of the test pull history; null means any. */
public record PullTestFilter(Long registryId, Long environmentId, PullStatus status) {
}
