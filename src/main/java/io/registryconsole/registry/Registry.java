package io.registryconsole.registry;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.BatchSize;

import io.registryconsole.shared.TimestampedEntity;

@Entity
@Table(name = "registry")
class Registry extends TimestampedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, length = 63)
    private String name;

    @Column(nullable = false, length = 300)
    private String url;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private RegistryProvider provider;

    private boolean insecure;

    @Column(name = "ca_certificate", length = 100_000)
    private String caCertificate;

    @Column(length = 1000)
    private String description;

    @Embedded
    private Credential credential = Credential.anonymous();

    @ElementCollection
    @CollectionTable(name = "registry_label", joinColumns = @JoinColumn(name = "registry_id"))
    @Column(name = "label", length = 63)
    @BatchSize(size = 100)
    private Set<String> labels = new LinkedHashSet<>();

    protected Registry() {
    }

    Registry(String name) {
        this.name = name;
    }

    void describe(String name, String url, RegistryProvider provider, boolean insecure, String caCertificate,
                  String description, List<String> labels) {
        this.name = name;
        this.url = url;
        this.provider = provider;
        this.insecure = insecure;
        this.caCertificate = caCertificate;
        this.description = description;
        if (!this.labels.equals(new LinkedHashSet<>(labels))) {
            this.labels.clear();
            this.labels.addAll(labels);
        }
    }

    void useCredential(Credential credential) {
        this.credential = credential;
    }

    Long id() {
        return id;
    }

    long version() {
        return version;
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    RegistryProvider provider() {
        return provider;
    }

    boolean insecure() {
        return insecure;
    }

    String caCertificate() {
        return caCertificate;
    }

    String description() {
        return description;
    }

    Credential credential() {
        return credential;
    }

    Set<String> labels() {
        return labels;
    }



    @Override
    public String toString() {
        return "Registry[id=" + id + ", name=" + name + ", url=" + url + "]";
    }
}
