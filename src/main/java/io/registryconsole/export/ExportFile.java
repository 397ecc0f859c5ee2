package io.registryconsole.export;

import java.util.Objects;

/**
 * One generated file.
 *
 * @param name        path inside the export (and the zip), e.g. {@code certs.d/docker.io/hosts.toml}
 * @param installPath where the file belongs on a node, e.g. {@code /etc/containerd/certs.d/docker.io/hosts.toml},
 *                    or a short instruction when it is a snippet to merge
 * @param content     the file's text
 * @param mediaType   e.g. {@code application/json}, {@code application/toml}, {@code application/yaml}, {@code text/plain}
 */
public record ExportFile(String name, String installPath, String content, String mediaType) {

    public ExportFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        // the content may hold credentials
        return "ExportFile[name=" + name + ", installPath=" + installPath + ", " + content.length() + " chars]";
    }
}
