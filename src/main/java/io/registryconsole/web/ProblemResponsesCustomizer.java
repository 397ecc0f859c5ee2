package io.registryconsole.web;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/** Documents the problem responses every /api operation can give, so clients see them in /v3/api-docs. */
@Component
class ProblemResponsesCustomizer implements OpenApiCustomizer {

    private static final String PROBLEM = "Problem";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation));
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        add(operation, "400", "invalid input: malformed JSON, unknown field, invalid value (errors lists the fields)");
        if (path.contains("{")) {
            add(operation, "404", "no such resource");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.DELETE) {
            add(operation, "409", "stale version, duplicate name, or still in use");
        }
        if (operation.getRequestBody() != null) {
            add(operation, "413", "request body over the limit (1 MiB by default)");
            add(operation, "415", "the body is not application/json");
        }
    }

    private static void add(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
            .content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.setProperties(new java.util.LinkedHashMap<>(Map.of("field", new StringSchema().example("credential.password"),
            "message", new StringSchema().example("is required for a BASIC credential"))));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema().example("urn:registry-console:problem:validation"));
        problem.addProperty("title", new StringSchema().example("Invalid input"));
        problem.addProperty("status", new IntegerSchema().example(400));
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema().example("/api/v1/registries"));
        problem.addProperty("errors", new ArraySchema().items(fieldError).description("field errors, for invalid input"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
