package io.registryconsole.account;

import java.util.Map;

/**
 * Published (inside the changing transaction) for every change to a user or an API token, for the audit
 * log. The maps never hold a secret: a password change shows as {@code "password": "changed"}, a token by
 * its name and visible prefix. The actor is {@link CurrentUser#name()} in the publishing thread.
 *
 * @param action     USER_CREATED, USER_UPDATED, USER_DELETED, TOKEN_CREATED, TOKEN_REVOKED
 * @param entityType "user" or "api-token"
 * @param entityId   database id of the user or token
 * @param entityName username, or "owner/token name"
 * @param before     state before the change, empty for a creation
 * @param after      state after the change, empty for a deletion
 */
public record AccountChanged(String action, String entityType, String entityId, String entityName,
                             Map<String, Object> before, Map<String, Object> after) {
}
