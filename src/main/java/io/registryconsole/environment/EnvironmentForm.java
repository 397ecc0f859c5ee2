package io.registryconsole.environment;

import java.util.ArrayList;
import java.util.List;

/**
 * The environment form as the browser posts it, bindings as ordered rows ({@code bindings[0].registryId}, ...).
 * Rows are added and removed by submit buttons that re-render the form, so the page needs no script.
 */
public class EnvironmentForm {

    private String name = "";
    private String description = "";
    private String platform = Platforms.DEFAULT;
    private PullPolicy pullPolicy = PullPolicy.IfNotPresent;
    private Integer maxConcurrentDownloads = EnvironmentService.DEFAULT_MAX_CONCURRENT_DOWNLOADS;
    private List<BindingRow> bindings = new ArrayList<>();
    private Long version;
    private boolean requireSignature;
    /** PEM public keys to trust from now on; empty keeps the stored ones unless {@link #clearKeys} */
    private String publicKeys = "";
    private boolean clearKeys;
    /** The nodes' HTTP proxy, bound as {@code proxy.httpProxy} etc. like the API's fields. */
    private ProxyFields proxy = new ProxyFields();

    static EnvironmentForm of(EnvironmentView view) {
        EnvironmentForm form = new EnvironmentForm();
        form.name = view.name();
        form.description = view.description() == null ? "" : view.description();
        form.platform = view.platform();
        form.pullPolicy = view.pullPolicy();
        form.maxConcurrentDownloads = view.maxConcurrentDownloads();
        for (BindingView binding : view.registries()) {
            BindingRow row = new BindingRow();
            row.setRegistryId(binding.registryId());
            row.setRole(binding.role());
            row.setMirrorOf(binding.mirrorOf() == null ? "" : binding.mirrorOf());
            row.setPriority(binding.priority());
            form.bindings.add(row);
        }
        form.version = view.version();
        form.requireSignature = view.trust() != null && view.trust().requireSignature();
        if (view.proxy() != null) {
            form.proxy.setHttpProxy(view.proxy().httpProxy());
            form.proxy.setHttpsProxy(view.proxy().httpsProxy());
            form.proxy.setNoProxy(view.proxy().noProxy());
            form.proxy.setUsername(view.proxy().username());
        }
        return form;
    }

    EnvironmentRequest toRequest() {
        List<BindingRequest> requested = bindings.stream().map(row -> new BindingRequest(row.getRegistryId(), row.getRole(),
            row.getMirrorOf() == null || row.getMirrorOf().isBlank() ? null : row.getMirrorOf().strip(), row.getPriority()))
            .toList();
        return new EnvironmentRequest(name.strip(), description, platform, pullPolicy, maxConcurrentDownloads, requested,
            version, new TrustRequest(requireSignature, clearKeys ? List.of() : pemBlocks(publicKeys)), proxy.toRequest());
    }

    /** The PEM blocks pasted into one text area; null (keep the stored keys) when it is empty. */
    static List<String> pemBlocks(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<String> blocks = new ArrayList<>();
        String end = "-----END PUBLIC KEY-----";
        String rest = text.strip();
        int at;
        while ((at = rest.indexOf(end)) >= 0) {
            blocks.add(rest.substring(0, at + end.length()).strip());
            rest = rest.substring(at + end.length()).strip();
        }
        if (!rest.isEmpty()) {
            blocks.add(rest);   // not a complete block: the service says what is wrong with it
        }
        return blocks;
    }

    void addRow() {
        bindings.add(new BindingRow());
    }

    void removeRow(int index) {
        if (index >= 0 && index < bindings.size()) {
            bindings.remove(index);
        }
    }

    /** Form field beside which a service problem is shown: {@code registries[1].mirrorOf} → {@code bindings[1].mirrorOf}. */
    static String formField(String serviceField) {
        if (serviceField.startsWith("trust.publicKeys")) {
            return "publicKeys";
        }
        if (serviceField.startsWith("proxy.")) {
            return serviceField;
        }
        if (serviceField.startsWith("registries[")) {
            return "bindings" + serviceField.substring("registries".length());
        }
        return switch (serviceField) {
            case "name", "description", "platform", "pullPolicy", "maxConcurrentDownloads", "version" -> serviceField;
            case "registries" -> "bindings";
            case "trust.publicKeys" -> "publicKeys";
            default -> null;
        };
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name == null ? "" : name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description == null ? "" : description; }
    public String getPlatform() { return platform; }
    public void setPlatform(String platform) { this.platform = platform; }
    public PullPolicy getPullPolicy() { return pullPolicy; }
    public void setPullPolicy(PullPolicy pullPolicy) { this.pullPolicy = pullPolicy; }
    public Integer getMaxConcurrentDownloads() { return maxConcurrentDownloads; }
    public void setMaxConcurrentDownloads(Integer value) { this.maxConcurrentDownloads = value; }
    public List<BindingRow> getBindings() { return bindings; }
    public void setBindings(List<BindingRow> bindings) { this.bindings = bindings == null ? new ArrayList<>() : bindings; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
    public boolean isRequireSignature() { return requireSignature; }
    public void setRequireSignature(boolean requireSignature) { this.requireSignature = requireSignature; }
    public String getPublicKeys() { return publicKeys; }
    public void setPublicKeys(String publicKeys) { this.publicKeys = publicKeys == null ? "" : publicKeys; }
    public boolean isClearKeys() { return clearKeys; }
    public void setClearKeys(boolean clearKeys) { this.clearKeys = clearKeys; }
    public ProxyFields getProxy() { return proxy; }
    public void setProxy(ProxyFields proxy) { this.proxy = proxy == null ? new ProxyFields() : proxy; }

    /**
     * The proxy part of the form. The password is write-only: never filled from the stored one; left empty it keeps the
     * stored one (while the user name stays), {@code removePassword} removes it.
     */
    public static class ProxyFields {
        private String httpProxy = "";
        private String httpsProxy = "";
        private String noProxy = "";
        private String username = "";
        private String password = "";
        private boolean removePassword;

        ProxyRequest toRequest() {
            String secret = removePassword ? "" : password == null || password.isEmpty() ? null : password;
            return new ProxyRequest(httpProxy, httpsProxy, noProxy, username, secret);
        }

        public String getHttpProxy() { return httpProxy; }
        public void setHttpProxy(String v) { this.httpProxy = v == null ? "" : v; }
        public String getHttpsProxy() { return httpsProxy; }
        public void setHttpsProxy(String v) { this.httpsProxy = v == null ? "" : v; }
        public String getNoProxy() { return noProxy; }
        public void setNoProxy(String v) { this.noProxy = v == null ? "" : v; }
        public String getUsername() { return username; }
        public void setUsername(String v) { this.username = v == null ? "" : v; }
        /** Always empty towards the page: the form is re-rendered after an error without the typed password. */
        public String getPassword() { return ""; }
        public void setPassword(String v) { this.password = v == null ? "" : v; }
        public boolean isRemovePassword() { return removePassword; }
        public void setRemovePassword(boolean v) { this.removePassword = v; }

        @Override
        public String toString() {
            return "ProxyFields[" + httpProxy + ", " + httpsProxy + ", " + noProxy + ", " + username + "]";
        }
    }

    /** One row of the bindings table. */
    public static class BindingRow {

        private Long registryId;
        private BindingRole role = BindingRole.PRIMARY;
        private String mirrorOf = "";
        private Integer priority = 0;

        public Long getRegistryId() { return registryId; }
        public void setRegistryId(Long registryId) { this.registryId = registryId; }
        public BindingRole getRole() { return role; }
        public void setRole(BindingRole role) { this.role = role; }
        public String getMirrorOf() { return mirrorOf; }
        public void setMirrorOf(String mirrorOf) { this.mirrorOf = mirrorOf; }
        public Integer getPriority() { return priority; }
        public void setPriority(Integer priority) { this.priority = priority; }
    }
}
