package io.registryconsole.replication;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/replication-rules")
@Tag(name = "Replications")
class ReplicationRuleApiController {

    private final ReplicationRuleService rules;

    ReplicationRuleApiController(ReplicationRuleService rules) {
        this.rules = rules;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a scheduled replication", description = "The fields of a replication plus `name` and `interval` "
        + "(ISO-8601, at least PT1M). It runs at once and then once per interval, on one console instance even when several share "
        + "the database; each run is an ordinary replication (ruleId set).")
    ResponseEntity<ReplicationRuleView> create(@RequestBody ReplicationRuleRequest request, Principal principal) {
        ReplicationRuleView view = rules.create(request, principal == null ? null : principal.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(view.id()).toUri();
        return ResponseEntity.created(location).body(view);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List scheduled replications")
    List<ReplicationRuleView> list() {
        return rules.list();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a scheduled replication")
    ReplicationRuleView get(@PathVariable long id) {
        return rules.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a scheduled replication", description = "Replications it started stay in the history.")
    ResponseEntity<Void> delete(@PathVariable long id) {
        rules.delete(id);
        return ResponseEntity.noContent().build();
    }
}
