package io.registryconsole.registry;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import io.registryconsole.shared.InvalidInputException;

/**
 * The registry form as the browser posts it. Password and token are never filled from stored data: a blank
 * one on an edit keeps the stored secret. {@link #toRequest} turns it into the service's request.
 */
public class RegistryForm {

    private String name = "";
    private String url = "";
    private RegistryProvider provider;
    private boolean insecure;
    private String caCertificate = "";
    private String description = "";
    private String labels = "";
    private CredentialKind credentialKind = CredentialKind.ANONYMOUS;
    private String username = "";
    private String password = "";
    private String token = "";
    private String expiresAt = "";
    private boolean removeCredential;
    private Long version;

    static RegistryForm of(RegistryView view) {
        RegistryForm form = new RegistryForm();
        form.name = view.name();
        form.url = view.url();
        form.provider = view.provider();
        form.insecure = view.insecure();
        form.description = view.description() == null ? "" : view.description();
        form.labels = String.join(", ", view.labels());
        if (view.credential() != null) {
            form.credentialKind = view.credential().kind();
            form.username = view.credential().username() == null ? "" : view.credential().username();
            form.expiresAt = view.credential().expiresAt() == null ? ""
                : view.credential().expiresAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        }
        form.version = view.version();
        return form;
    }

    /**
     * @param storedCaPem the stored CA bundle on an edit: the form shows only its subject, so an empty textarea keeps it
     * @param editing     on an edit, "anonymous" or "remove" must remove a stored credential explicitly
     */
    RegistryRequest toRequest(boolean editing, String storedCaPem) {
        String ca = blankToNull(caCertificate);
        if (ca == null && editing && !removeCa) {
            ca = storedCaPem;
        }
        return new RegistryRequest(name.strip(), url.strip(), provider, insecure, ca, credentialChange(editing),
            blankToNull(description), labelList(), version);
    }

    private CredentialChange credentialChange(boolean editing) {
        if (removeCredential || credentialKind == null || credentialKind == CredentialKind.ANONYMOUS) {
            return editing ? CredentialChange.remove() : null;
        }
        String secret = blankToNull(credentialKind == CredentialKind.BASIC ? password : token);
        return CredentialChange.set(new CredentialRequest(credentialKind, blankToNull(username),
            credentialKind == CredentialKind.BASIC ? secret : null, credentialKind == CredentialKind.TOKEN ? secret : null,
            expiry()));
    }

    private java.time.Instant expiry() {
        String date = blankToNull(expiresAt);
        if (date == null) {
            return null;
        }
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("credential.expiresAt", "is not a date like 2030-12-31");
        }
    }

    private List<String> labelList() {
        return Arrays.stream(labels.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Form field beside which a service problem is shown; null for none. */
    static String formField(String serviceField) {
        if (serviceField.startsWith("labels")) {
            return "labels";
        }
        return switch (serviceField) {
            case "name", "url", "provider", "insecure", "caCertificate", "description", "version" -> serviceField;
            case "credential", "credential.kind" -> "credentialKind";
            case "credential.username" -> "username";
            case "credential.password" -> "password";
            case "credential.token" -> "token";
            case "credential.expiresAt" -> "expiresAt";
            default -> null;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Never echoes the password or token back into the page. */
    void forgetSecrets() {
        password = "";
        token = "";
    }

    private boolean removeCa;

    public boolean isRemoveCa() { return removeCa; }
    public void setRemoveCa(boolean removeCa) { this.removeCa = removeCa; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name == null ? "" : name; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url == null ? "" : url; }
    public RegistryProvider getProvider() { return provider; }
    public void setProvider(RegistryProvider provider) { this.provider = provider; }
    public boolean isInsecure() { return insecure; }
    public void setInsecure(boolean insecure) { this.insecure = insecure; }
    public String getCaCertificate() { return caCertificate; }
    public void setCaCertificate(String caCertificate) { this.caCertificate = caCertificate == null ? "" : caCertificate; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description == null ? "" : description; }
    public String getLabels() { return labels; }
    public void setLabels(String labels) { this.labels = labels == null ? "" : labels; }
    public CredentialKind getCredentialKind() { return credentialKind; }
    public void setCredentialKind(CredentialKind credentialKind) { this.credentialKind = credentialKind; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username == null ? "" : username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password == null ? "" : password; }
    public String getToken() { return token; }
    public void setToken(String token) { this.token = token == null ? "" : token; }
    public String getExpiresAt() { return expiresAt; }
    public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt == null ? "" : expiresAt; }
    public boolean isRemoveCredential() { return removeCredential; }
    public void setRemoveCredential(boolean removeCredential) { this.removeCredential = removeCredential; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }

    @Override
    public String toString() {
        return "RegistryForm[name=" + name + ", url=" + url + ", credentialKind=" + credentialKind + "]";
    }
}
