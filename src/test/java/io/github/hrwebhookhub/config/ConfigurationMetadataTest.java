package io.github.hrwebhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The hub.* keys an IDE completes: the metadata Spring Boot's configuration processor writes from
 * {@link HubProperties}, the broker settings included, each with its description.
 */
class ConfigurationMetadataTest {

    @Test
    void everyHubKeyIsDescribedForTheIde() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json (spring-boot-configuration-processor)").isNotNull();
            new ObjectMapper().readTree(in).path("properties").forEach(p -> properties.put(p.path("name").asText(), p));
        }
        for (String key : List.of("hub.data-dir", "hub.routes-dir", "hub.dedup.retention", "hub.intake.engine",
                "hub.broker.call-timeout", "hub.broker.commit-batch-size", "hub.broker.commit-batch-max-wait",
                "hub.broker.journal-sync-interval", "hub.broker.management-address")) {
            assertThat(properties).as(key).containsKey(key);
            assertThat(properties.get(key).path("description").asText()).as("description of " + key).isNotBlank();
        }
        assertThat(properties.get("hub.broker.commit-batch-size").path("defaultValue").asInt()).isEqualTo(16);
        assertThat(properties.get("hub.broker.commit-batch-size").path("type").asText()).isEqualTo("java.lang.Integer");
    }
}
