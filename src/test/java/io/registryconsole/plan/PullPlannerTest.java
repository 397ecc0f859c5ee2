package io.registryconsole.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.registryconsole.environment.BindingRole;
import io.registryconsole.registry.RegistryProvider;

/** The runtimes' resolution orders, from configuration alone. */
class PullPlannerTest {

    static PlanBinding mirror(long id, String url, String of, int priority) {
        return new PlanBinding(id, "m" + id, url, RegistryProvider.OTHER, false, BindingRole.MIRROR, of, priority, false);
    }

    static PlanBinding primary(long id, String url) {
        return new PlanBinding(id, "p" + id, url, RegistryProvider.OTHER, false, BindingRole.PRIMARY, null, 0, false);
    }

    static List<String> urls(StaticPlan plan, ContainerRuntime runtime) {
        return plan.runtime(runtime).endpoints().stream().map(PlannedEndpoint::url).toList();
    }

    @Test
    void dockerHubImagesGoThroughMirrorsByPriorityThenTheHub() {
        List<PlanBinding> bindings = List.of(mirror(1, "https://second.example", "docker.io", 2), mirror(2, "https://first.example", "docker.io", 1),
            mirror(3, "https://ghcr-cache.example", "ghcr.io", 0));
        StaticPlan plan = PullPlanner.plan("dev", null, bindings, "nginx:1.25");
        for (ContainerRuntime runtime : List.of(ContainerRuntime.DOCKER, ContainerRuntime.CONTAINERD)) {
            assertThat(urls(plan, runtime)).as(runtime.name())
                .containsExactly("https://first.example", "https://second.example", "https://registry-1.docker.io");
        }
        assertThat(plan.runtime(ContainerRuntime.DOCKER).endpoints()).extracting(PlannedEndpoint::order).containsExactly(1, 2, 3);
    }

    @Test
    void dockerIgnoresMirrorsOfOtherRegistries() {
        List<PlanBinding> bindings = List.of(primary(1, "https://ghcr.io"), mirror(2, "https://ghcr-cache.example", "ghcr.io", 0));
        StaticPlan plan = PullPlanner.plan("dev", null, bindings, "ghcr.io/org/tool:2");
        assertThat(urls(plan, ContainerRuntime.DOCKER)).containsExactly("https://ghcr.io");
        assertThat(plan.runtime(ContainerRuntime.DOCKER).notes()).anyMatch(n -> n.contains("Docker Hub images only"));
        assertThat(urls(plan, ContainerRuntime.CONTAINERD)).containsExactly("https://ghcr-cache.example", "https://ghcr.io");
        assertThat(urls(plan, ContainerRuntime.CRIO)).containsExactly("https://ghcr-cache.example", "https://ghcr.io");
        assertThat(plan.flags()).isEmpty();
    }

    @Test
    void productionIsRecognisedInNameOrDescription() {
        PlanBinding insecure = new PlanBinding(1, "lab", "http://lab.example:5000", RegistryProvider.OTHER, true, BindingRole.PRIMARY, null,
            0, false);
        assertThat(PullPlanner.plan("prod-eu", null, List.of(insecure), "lab.example:5000/app:1").flags())
            .extracting(PlanFlag::code).contains("INSECURE_IN_PRODUCTION");
        assertThat(PullPlanner.plan("edge", "Production edge nodes", List.of(insecure), "lab.example:5000/app:1").flags())
            .extracting(PlanFlag::code).contains("INSECURE_IN_PRODUCTION");
        assertThat(PullPlanner.plan("products-test", null, List.of(insecure), "lab.example:5000/app:1").flags())
            .extracting(PlanFlag::code).doesNotContain("INSECURE_IN_PRODUCTION");
    }

    @Test
    void shortNameDetection() {
        assertThat(PullPlanner.isShortName("nginx")).isTrue();
        assertThat(PullPlanner.isShortName("library/nginx:1")).isTrue();
        assertThat(PullPlanner.isShortName("localhost/app")).isFalse();
        assertThat(PullPlanner.isShortName("registry:5000/app")).isFalse();
        assertThat(PullPlanner.isShortName("ghcr.io/org/app")).isFalse();
    }
}
