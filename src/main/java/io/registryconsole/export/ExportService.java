package io.registryconsole.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The export feature's facade: renders any format from an {@link ExportEnvironment}, all of them as a zip,
 * and the push lines. Plain Java (no Spring), so a controller can create it or a configuration can
 * declare it as a bean. Whether the caller may see secrets is the caller's decision:
 * {@link Format#mayHoldSecrets()} and {@link ExportResult#holdsSecrets()} say when ADMIN and an audit
 * entry are required.
 */
public final class ExportService {

    private final Map<Format, Renderer> renderers = new EnumMap<>(Format.class);
    private final PushLines pushLines = new PushLines();

    public ExportService() {
        for (Renderer r : List.of(new DockerDaemonJson(), new DockerConfigJson(), new ContainerdHosts(),
                new RegistriesConf(), new K3sRegistries(), new KubernetesSecret(), new NginxProxy(), new ContainersPolicy(),
                new RegistriesD(), new ProxyDropIns())) {
            renderers.put(r.format(), r);
        }
    }

    public ExportResult render(Format format, ExportEnvironment environment, ExportOptions options) {
        return renderers.get(format).render(environment, options);
    }

    /**
     * Every format in one zip, each in a folder named by its format id, with a WARNINGS.txt.
     *
     * @param includeSecrets false leaves out the formats that would hold credentials (for non-admins)
     */
    public byte[] renderAll(ExportEnvironment environment, ExportOptions options, boolean includeSecrets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder notes = new StringBuilder();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Format format : Format.values()) {
                if (format == Format.NGINX_PROXY && environment.bindings().isEmpty()) {
                    notes.append(format.id()).append(": no registries to proxy\n");
                    continue;
                }
                if (format == Format.PROXY_DROP_INS && environment.proxy() == null) {
                    notes.append(format.id()).append(": the environment has no proxy\n");
                    continue;
                }
                ExportResult result = render(format, environment, options);
                if (result.holdsSecrets() && !includeSecrets) {
                    notes.append(format.id()).append(": left out, it holds credentials (ADMIN only)\n");
                    continue;
                }
                for (ExportFile file : result.files()) {
                    zip.putNextEntry(new ZipEntry(format.id() + "/" + file.name()));
                    zip.write(file.content().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                result.warnings().forEach(w -> notes.append(format.id()).append(": ").append(w).append('\n'));
            }
            zip.putNextEntry(new ZipEntry("WARNINGS.txt"));
            zip.write(notes.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** docker and skopeo lines that push an image to every PRIMARY registry of the environment. */
    public PushLines.Result pushLines(ExportEnvironment environment, String image, String source, ExportOptions options) {
        return pushLines.render(environment, image, source, options);
    }
}
