package io.registryconsole.environment;

import java.net.URI;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/environments")
@Tag(name = "Environments", description = "Where images are pulled: platform, pull settings, ordered registries and mirrors")
class EnvironmentApiController {

    private final EnvironmentService environments;

    EnvironmentApiController(EnvironmentService environments) {
        this.environments = environments;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "created; Location names the new resource")
    @Operation(summary = "Create an environment")
    ResponseEntity<EnvironmentView> create(@RequestBody EnvironmentRequest request) {
        EnvironmentView created = environments.create(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(created.id()).toUri();
        return ResponseEntity.created(location).body(created);
    }

    @GetMapping
    @Operation(summary = "List environments", description = "Sort by name, createdAt or updatedAt")
    PageView<EnvironmentView> list(
        @Parameter(description = "part of the name, case-insensitive") @RequestParam(required = false) String name,
        @Parameter(description = "only environments bound to this registry") @RequestParam(required = false) Long registryId,
        @ParameterObject @PageableDefault(size = 20) Pageable pageable) {
        return environments.list(new EnvironmentFilter(name, registryId), pageable);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an environment")
    EnvironmentView get(@PathVariable long id) {
        return environments.get(id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace an environment and its bindings", description = "Send the version you read; 409 when it is stale")
    EnvironmentView update(@PathVariable long id, @RequestBody EnvironmentRequest request) {
        return environments.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an environment")
    void delete(@PathVariable long id,
                @Parameter(description = "when given, 409 if the environment changed since") @RequestParam(required = false) Long version) {
        environments.delete(id, version);
    }
}
