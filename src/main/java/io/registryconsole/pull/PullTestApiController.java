package io.registryconsole.pull;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.shared.ChartWindow;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/pull-tests")
@Tag(name = "Test pulls", description = "Pull an image (manifest only, or everything verified) from a registry or through an environment")
class PullTestApiController {

    static final URI BUSY = URI.create("urn:registry-console:problem:busy");
    private static final int MAX_WAIT_SECONDS = 60;

    private final PullTestService pullTests;
    private final PullSeriesService series;

    PullTestApiController(PullTestService pullTests, PullSeriesService series) {
        this.pullTests = pullTests;
        this.series = series;
    }

    @GetMapping("/series")
    @Operation(summary = "Finished test pulls as a chart series", description = "The last 24 h or 7 d: each pull's duration "
        + "and throughput, and the success rate in 48 buckets; from one registry, through one environment, or all")
    PullSeries series(@RequestParam(required = false) Long registryId, @RequestParam(required = false) Long environmentId,
                      @Parameter(description = "24h or 7d") @RequestParam(defaultValue = "7d") String window) {
        if (registryId != null && environmentId != null) {
            throw new InvalidInputException("environmentId", "give a registry or an environment, not both");
        }
        return series.series(registryId, environmentId, ChartWindow.of(window));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a test pull", description = "202 with Location; the body is the test pull as it is when the answer "
        + "goes out: QUEUED or RUNNING, or already finished when wait was given. 429 when the queue is full.")
    @ApiResponse(responseCode = "202", description = "accepted; Location names the test pull")
    @ApiResponse(responseCode = "429", description = "the queue of test pulls is full; Retry-After says when to try again")
    ResponseEntity<PullTestView> start(@RequestBody PullTestRequest request,
                                       @Parameter(description = "seconds (0-60) to wait for the result before answering")
                                       @RequestParam(defaultValue = "0") int wait, Principal principal) {
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new InvalidInputException("wait", "must be 0 to " + MAX_WAIT_SECONDS + " seconds");
        }
        PullTestView view = pullTests.start(request, principal == null ? null : principal.getName(), Duration.ofSeconds(wait));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).path("/{id}").buildAndExpand(view.id()).toUri();
        return ResponseEntity.accepted().location(location).body(view);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a test pull and its result")
    PullTestView get(@PathVariable long id) {
        return pullTests.get(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List test pulls", description = "Newest first; sort by createdAt, finishedAt, status or durationMs")
    PageView<PullTestView> list(@RequestParam(required = false) Long registryId, @RequestParam(required = false) Long environmentId,
                                @RequestParam(required = false) PullStatus status,
                                @ParameterObject @PageableDefault(size = 20) Pageable pageable) {
        return pullTests.list(new PullTestFilter(registryId, environmentId, status), pageable);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a test pull", description = "Server-sent events: state (on subscribing), phase, progress, attempt, "
        + "and end with the result, after which the stream closes. A finished test pull gives state and end at once.")
    SseEmitter events(@PathVariable long id) {
        return pullTests.events(id);
    }

    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a test pull", description = "A queued one is CANCELLED at once; a running one stops within moments. "
        + "409 when it already finished.")
    ResponseEntity<PullTestView> cancel(@PathVariable long id) {
        return ResponseEntity.accepted().body(pullTests.cancel(id));
    }

    /** Handled here, before the global handler, because it needs its own type and Retry-After. */
    @ExceptionHandler(PullTestService.BusyException.class)
    ResponseEntity<ProblemDetail> busy(PullTestService.BusyException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.running() + " test pulls are running and "
            + e.waiting() + " are waiting, the most the console takes (console.pull-tests.concurrency and queue-capacity); try again later");
        problem.setType(BUSY);
        problem.setTitle("Too many test pulls");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "10")
            .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
