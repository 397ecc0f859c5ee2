package io.registryconsole.replication;

import java.net.URI;
import java.security.Principal;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/replications")
@Tag(name = "Replications", description = "Copy images between registries, digest-first, with their signatures")
class ReplicationApiController {

    private final ReplicationService replications;

    ReplicationApiController(ReplicationService replications) {
        this.replications = replications;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a replication", description = "Copies the tags of each repository that match `tags` from the source "
        + "to the target (under `targetPrefix`): both sides are asked for each tag's digest and only what differs is sent. "
        + "`platforms` ALL keeps indexes as they are (every digest on the target equals the source's); one platform copies only "
        + "its manifest. `withReferrers` also copies signatures, SBOMs and attestations. `dryRun` changes nothing. "
        + "202 with Location; follow it, or its /events.")
    @ApiResponse(responseCode = "202", description = "queued; Location names the replication")
    @ApiResponse(responseCode = "422", description = "invalid request, nothing started")
    ResponseEntity<ReplicationView> start(@RequestBody ReplicationRequest request, Principal principal) {
        ReplicationView view = replications.start(request, principal == null ? null : principal.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(view.id()).toUri();
        return ResponseEntity.accepted().location(location).body(view);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a replication and its result per image")
    ReplicationView get(@PathVariable long id) {
        return replications.get(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List replications", description = "Newest first")
    PageView<ReplicationView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return replications.list(page, size);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a replication", description = "Server-sent events: state (on subscribing), image (one image done, "
        + "with its outcome), progress (bytesCopied), and end with the result, after which the stream closes.")
    SseEmitter events(@PathVariable long id) {
        return replications.events(id);
    }

    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a replication", description = "Images in flight stop; images already copied stay. 409 when it already finished.")
    ResponseEntity<ReplicationView> cancel(@PathVariable long id, Principal principal) {
        return ResponseEntity.accepted().body(replications.cancel(id, principal == null ? null : principal.getName()));
    }
}
