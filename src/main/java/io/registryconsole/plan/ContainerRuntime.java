package io.registryconsole.plan;

/** The container runtimes whose registry resolution a plan models. */
public enum ContainerRuntime {
    /** dockerd: {@code registry-mirrors} (Docker Hub only), then the registry itself */
    DOCKER,
    /** containerd (and Kubernetes nodes on it): {@code hosts.toml} hosts in order, then the upstream */
    CONTAINERD,
    /** CRI-O, podman, skopeo, buildah: {@code registries.conf} longest prefix, its mirrors, then its location */
    CRIO
}
