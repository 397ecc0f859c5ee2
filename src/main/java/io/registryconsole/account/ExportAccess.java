package io.registryconsole.account;

import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may download an environment export. Formats that embed registry credentials need ADMIN; the rest
 * VIEWER. Fails closed: a format not listed as free of secrets (a new one, a typo, other casing) and any
 * {@code download=zip} bundle need ADMIN. Export code can call {@link #needsAdmin} to check again itself.
 */
public final class ExportAccess {

    /** Formats that never contain a secret. Add a new format here only if that is true of it. */
    public static final Set<String> FORMATS_WITHOUT_SECRETS =
        Set.of("docker-daemon", "containerd-hosts", "registries-conf", "nginx-proxy");

    /** Formats that embed credentials (for documentation; anything not in the list above is treated so). */
    public static final Set<String> FORMATS_WITH_SECRETS = Set.of("docker-config", "k8s-secret", "k3s-registries",
        "proxy-drop-ins");

    private ExportAccess() {
    }

    /** True when serving {@code format} (with the request's {@code download} parameter) needs an ADMIN. */
    public static boolean needsAdmin(String format, HttpServletRequest request) {
        return format == null || !FORMATS_WITHOUT_SECRETS.contains(format) || asksForZip(request);
    }

    private static boolean asksForZip(HttpServletRequest request) {
        String[] download = request.getParameterValues("download");
        if (download == null) {
            return false;
        }
        for (String value : download) {
            if (value != null && value.trim().equalsIgnoreCase("zip")) {
                return true;
            }
        }
        return false;
    }

    /** The URL rule for {@code GET /api/v1/environments/{id}/exports/{format}}; reads the {@code format} variable. */
    static AuthorizationManager<RequestAuthorizationContext> rule(RoleHierarchy roleHierarchy) {
        AuthorityAuthorizationManager<RequestAuthorizationContext> viewer = AuthorityAuthorizationManager.hasRole(Role.VIEWER.name());
        AuthorityAuthorizationManager<RequestAuthorizationContext> admin = AuthorityAuthorizationManager.hasRole(Role.ADMIN.name());
        viewer.setRoleHierarchy(roleHierarchy);
        admin.setRoleHierarchy(roleHierarchy);
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                                 RequestAuthorizationContext context) {
                boolean needsAdmin = needsAdmin(context.getVariables().get("format"), context.getRequest());
                return (needsAdmin ? admin : viewer).authorize(authentication, context);
            }

            @Override
            public String toString() {
                return "ExportAccess[secrets need ADMIN]";
            }
        };
    }
}
