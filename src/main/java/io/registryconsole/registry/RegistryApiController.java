package io.registryconsole.registry;

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
@RequestMapping("/api/v1/registries")
@Tag(name = "Registries", description = "Registries and their credentials; secrets are write-only")
class RegistryApiController {

    private final RegistryService registries;

    RegistryApiController(RegistryService registries) {
        this.registries = registries;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "created; Location names the new resource")
    @Operation(summary = "Create a registry")
    ResponseEntity<RegistryView> create(@RequestBody RegistryRequest request) {
        RegistryView created = registries.create(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(created.id()).toUri();
        return ResponseEntity.created(location).body(created);
    }

    @GetMapping
    @Operation(summary = "List registries", description = "Sort by name, url, provider, createdAt or updatedAt")
    PageView<RegistryView> list(
        @Parameter(description = "part of the name, case-insensitive") @RequestParam(required = false) String name,
        @Parameter(description = "only registries with this label") @RequestParam(required = false) String label,
        @RequestParam(required = false) RegistryProvider provider,
        @ParameterObject @PageableDefault(size = 20) Pageable pageable) {
        return registries.list(new RegistryFilter(name, label, provider), pageable);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a registry")
    RegistryView get(@PathVariable long id) {
        return registries.get(id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a registry", description = "Send the version you read; 409 when it is stale. "
        + "Leave credential out to keep the stored one, send null to remove it.")
    RegistryView update(@PathVariable long id, @RequestBody RegistryRequest request) {
        return registries.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a registry", description = "409 while environments still use it")
    void delete(@PathVariable long id,
                @Parameter(description = "when given, 409 if the registry changed since") @RequestParam(required = false) Long version) {
        registries.delete(id, version);
    }
}
