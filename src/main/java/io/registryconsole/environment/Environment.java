package io.registryconsole.environment;

import java.util.ArrayList;
import java.util.List;

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
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.BatchSize;

import io.registryconsole.shared.TimestampedEntity;

/** Where images are pulled: a platform, pull settings and an ordered list of registries. */
@Entity
@Table(name = "environment")
class Environment extends TimestampedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, length = 63)
    private String name;

    @Column(length = 1000)
    private String description;

    @Column(nullable = false, length = 64)
    private String platform;

    @Enumerated(EnumType.STRING)
    @Column(name = "pull_policy", nullable = false, length = 16)
    private PullPolicy pullPolicy;

    @Column(name = "max_concurrent_downloads", nullable = false)
    private int maxConcurrentDownloads;

    @ElementCollection
    @CollectionTable(name = "environment_registry", joinColumns = @JoinColumn(name = "environment_id"))
    @OrderColumn(name = "binding_order")
    @BatchSize(size = 100)
    private List<RegistryBinding> bindings = new ArrayList<>();

    @Column(name = "require_signature", nullable = false)
    private boolean requireSignature;

    @ElementCollection
    @CollectionTable(name = "environment_trusted_key", joinColumns = @JoinColumn(name = "environment_id"))
    @OrderColumn(name = "key_order")
    @Column(name = "pem", length = 8000, nullable = false)
    @BatchSize(size = 100)
    private List<String> trustedKeys = new ArrayList<>();

    @Embedded
    private EnvironmentProxy proxy;

    protected Environment() {
    }

    Environment(String name) {
        this.name = name;
    }

    void describe(String name, String description, String platform, PullPolicy pullPolicy, int maxConcurrentDownloads,
                  List<RegistryBinding> bindings) {
        this.name = name;
        this.description = description;
        this.platform = platform;
        this.pullPolicy = pullPolicy;
        this.maxConcurrentDownloads = maxConcurrentDownloads;
        if (!this.bindings.equals(bindings)) {
            this.bindings.clear();
            this.bindings.addAll(bindings);
        }
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

    String description() {
        return description;
    }

    String platform() {
        return platform;
    }

    PullPolicy pullPolicy() {
        return pullPolicy;
    }

    int maxConcurrentDownloads() {
        return maxConcurrentDownloads;
    }

    List<RegistryBinding> bindings() {
        return bindings;
    }

    /** @param require null keeps the stored setting; @param keys null keeps the stored keys */
    void trust(Boolean require, List<String> keys) {
        if (require != null) {
            this.requireSignature = require;
        }
        if (keys != null && !this.trustedKeys.equals(keys)) {
            this.trustedKeys.clear();
            this.trustedKeys.addAll(keys);
        }
    }

    boolean requireSignature() {
        return requireSignature;
    }

    List<String> trustedKeys() {
        return trustedKeys;
    }



    EnvironmentProxy proxy() {
        return proxy == null || proxy.isEmpty() ? null : proxy;
    }

    void proxy(EnvironmentProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public String toString() {
        return "Environment[id=" + id + ", name=" + name + "]";
    }
}
