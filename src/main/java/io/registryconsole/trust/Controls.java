package io.registryconsole.trust;

/** The controls rules serve, named as auditors know them. */
final class Controls {

    static final String MLPS_IDENTITY = "MLPS 2.0 (等保 2.0) identity authentication (身份鉴别)";
    static final String MLPS_ACCESS = "MLPS 2.0 (等保 2.0) access control (访问控制)";
    static final String MLPS_INTEGRITY = "MLPS 2.0 (等保 2.0) communication integrity (通信传输 - 完整性)";
    static final String MLPS_CONFIDENTIALITY = "MLPS 2.0 (等保 2.0) communication confidentiality (通信传输 - 保密性)";
    static final String MLPS_AUDIT = "MLPS 2.0 (等保 2.0) security audit (安全审计)";
    static final String MLPS_TRUSTED_VERIFICATION = "MLPS 2.0 (等保 2.0) trusted verification (可信验证)";
    static final String GDPR_TRANSFERS = "GDPR Art. 44-49 (transfers of personal data out of the region)";

    private Controls() {
    }
}
