package io.registryconsole.trust;

/** How an environment fares against one rule. */
public enum ComplianceStatus {
    PASS, WARN, FAIL
}
