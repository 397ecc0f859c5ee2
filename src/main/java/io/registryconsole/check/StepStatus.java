package io.registryconsole.check;

public enum StepStatus {
    PASS, WARN, FAIL, SKIP
}
