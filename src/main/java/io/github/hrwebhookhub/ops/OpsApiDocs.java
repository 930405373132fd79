package io.github.hrwebhookhub.ops;

import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The error answers in the published ops API: every operation lists the {@code application/problem+json} body
 * ({@link io.github.hrwebhookhub.config.Problems}) for a missing login (401), a login without the OPS role (403),
 * a bad parameter (400, where it takes any), an unknown id or name in its path (404) and anything unexpected
 * (default).
 */
@Configuration(proxyBeanMethods = false)
class OpsApiDocs {

    static final String PROBLEM = "Problem";

    @Bean
    OpenApiCustomizer opsProblemResponses() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                if (hasParameters(operation)) {
                    responses.putIfAbsent("400", problem("a parameter or the body is not valid"));
                }
                responses.putIfAbsent("401", problem("the ops login is missing or wrong (HTTP Basic)"));
                responses.putIfAbsent("403", problem("the login lacks the OPS role"));
                if (path.contains("{")) {
                    responses.putIfAbsent("404", problem("nothing by that id or name"));
                }
                responses.putIfAbsent("default", problem("the hub could not answer; its log says why"));
                operation.setResponses(responses);
            }));
        };
    }

    private static boolean hasParameters(Operation operation) {
        return (operation.getParameters() != null && !operation.getParameters().isEmpty()) || operation.getRequestBody() != null;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An RFC 9457 problem; error is the hub's machine-readable code (unknown_event, bad_request, ...)");
        Map.<String, Schema>of(
                "type", new StringSchema().description("about:blank"),
                "title", new StringSchema().description("the status's reason phrase"),
                "status", new IntegerSchema().description("the HTTP status"),
                "detail", new StringSchema().description("what was wrong"),
                "instance", new StringSchema().description("the request path"),
                "error", new StringSchema().description("the hub's error code")).forEach(schema::addProperty);
        return schema;
    }
}
