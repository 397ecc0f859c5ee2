package io.registryconsole.check;

import io.registryconsole.distribution.Category;

/**
 * A failure told to a person.
 *
 * @param category    the category (possibly more precise than the client's, e.g. an expired stored token)
 * @param summary     what happened, one sentence
 * @param remediation what to do about it
 */
public record Explanation(Category category, String summary, String remediation) {
}
