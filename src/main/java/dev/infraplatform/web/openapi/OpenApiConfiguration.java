package dev.infraplatform.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAPI document: title and version, the shared {@code Problem} schema, and the error
 * responses every endpoint can give (400, 413, 500, 503, 507) added to each operation that
 * doesn't declare them itself. Modules register their own {@code GroupedOpenApi}, which Swagger UI
 * shows as one group per module.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_SCHEMA = "Problem";

    private static final Map<String, String> COMMON_ERRORS = commonErrors();

    @Bean
    OpenAPI platformOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null ? "dev" : properties.getVersion();
        return new OpenAPI()
                .info(new Info().title("Infra Platform").version(version)
                        .description("A Redis-like cache, a Kafka-like log broker, a RabbitMQ-like exchange broker, "
                                + "an Elasticsearch-like search engine and observability, over REST. Errors are RFC 9457 "
                                + "problem+json documents with a stable `code`."))
                .components(new Components().addSchemas(PROBLEM_SCHEMA, problemSchema()));
    }

    @Bean
    GlobalOpenApiCustomizer commonErrorResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(OpenApiConfiguration::addErrors));
        };
    }

    private static void addErrors(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        COMMON_ERRORS.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)))));
            }
        });
        operation.setResponses(responses);
    }

    private static Map<String, String> commonErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Invalid request (code INVALID_ARGUMENT or MALFORMED_REQUEST)");
        errors.put("413", "Request body larger than infra.web.max-request-size (code PAYLOAD_TOO_LARGE)");
        errors.put("500", "Unexpected server error (code INTERNAL_ERROR)");
        errors.put("503", "Storage engine failure, nothing written (code STORAGE_ERROR)");
        errors.put("507", "Data directory's device is full, nothing written (code INSUFFICIENT_STORAGE)");
        return errors;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details with a stable machine-readable code")
                .addProperty("type", new StringSchema().example("urn:infra-platform:problem:invalid-argument"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("name: must not be blank"))
                .addProperty("instance", new StringSchema().example("/api/v1/topics"))
                .addProperty("code", new StringSchema().example("INVALID_ARGUMENT"));
    }
}
