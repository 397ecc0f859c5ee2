package io.registryconsole.dashboard;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.probe.ProbeSeries;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.pull.PullSeries;
import io.registryconsole.pull.PullSeriesService;
import io.registryconsole.shared.ChartWindow;
import io.registryconsole.shared.InvalidInputException;

/**
 * The API's chart series ({@code /api/v1/registries/{id}/probes/series}, {@code /api/v1/pull-tests/series}) on the page
 * session, for the pages' chart script: the API itself takes no session cookies. Same services, same JSON.
 */
@RestController
class ChartDataController {

    private final RegistryHealthService health;
    private final PullSeriesService pulls;

    ChartDataController(RegistryHealthService health, PullSeriesService pulls) {
        this.health = health;
        this.pulls = pulls;
    }

    @GetMapping("/registries/{id}/probes/series")
    ProbeSeries probes(@PathVariable long id, @RequestParam(defaultValue = "24h") String window) {
        return health.series(id, ChartWindow.of(window));
    }

    @GetMapping("/pull-tests/series")
    PullSeries pulls(@RequestParam(required = false) Long registryId, @RequestParam(required = false) Long environmentId,
                     @RequestParam(defaultValue = "7d") String window) {
        if (registryId != null && environmentId != null) {
            throw new InvalidInputException("environmentId", "give a registry or an environment, not both");
        }
        return pulls.series(registryId, environmentId, ChartWindow.of(window));
    }
}
