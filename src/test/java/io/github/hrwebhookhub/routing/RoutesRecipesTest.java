package io.github.hrwebhookhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.RecipeBook;
import io.github.hrwebhookhub.support.RoutesCopy;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every recipe of routes/README.md, its code blocks read from the README and applied to a copy of routes/ and checked with the dry-run and real
 * deliveries; and the broken files the README says stop the hub, with where and what is wrong.
 */
class RoutesRecipesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StubDestination IT = new StubDestination("it");

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
        IT.reset();
    }

    @Test
    void everyRecipeWorksAsWritten() throws Exception {
        Path routes = RoutesCopy.into(work);
        RecipeBook book = RecipeBook.routesReadme();
        // Route a type to another destination: the README's before and after, verbatim
        String before = book.block("Route a type to another destination", 0);
        String after = book.block("Route a type to another destination", 1);
        // Add a destination, step 4: its routing row names it (the README says it in words)
        String equipment = after.substring(0, after.indexOf("- simple: \"${header.hubType} == 'task.completed'"));
        String afterWithIt = after.replace(equipment, equipment.replace("constant: \"messaging\"", "constant: \"messaging,it\""));
        assertThat(afterWithIt).as("step 4 of 'Add a destination' applied").contains("messaging,it");
        // Add a canonical event type, step 2: its routing row, at the indentation of the rows it joins
        int rowIndent = after.indexOf("- simple:") - after.lastIndexOf('\n', after.indexOf("- simple:")) - 1;
        String rehiredRow = RecipeBook.indented(book.block("Add a canonical event type", 0).stripTrailing(), rowIndent) + "\n";
        RoutesCopy.replace(routes.resolve("routing.camel.yaml"), before, afterWithIt + rehiredRow);
        // Add a canonical event type, step 1: its schema, from a neighbour
        Files.writeString(routes.resolve("schemas/employee.rehired.schema.json"),
                Files.readString(routes.resolve("schemas/employee.created.schema.json")).replace("employee.created", "employee.rehired"));
        // Add a destination, step 2: its templated route; step 3: what it receives
        List<String> destination = book.blocks("Add a destination");
        Files.writeString(routes.resolve("delivery.camel.yaml"), Files.readString(routes.resolve("delivery.camel.yaml")) + destination.get(1));
        Files.createDirectories(routes.resolve("mappings/destinations/it"));
        Files.writeString(routes.resolve("mappings/destinations/it/equipment.requested.jsonata"), destination.get(2));
        // Change what payroll receives: the block's first line is the one already there, the rest is added below it
        String payrollLines = book.block("Change what payroll receives", 0);
        RoutesCopy.replace(routes.resolve("mappings/destinations/payroll/employee.created.jsonata"),
                payrollLines.substring(0, payrollLines.indexOf('\n') + 1), payrollLines);

        Map<String, Object> settings = new HashMap<>(HubLauncher.settings(work.resolve("data")));
        settings.put("hub.routes-dir", routes.toString());
        // Add a source: configuration only (the README's block, with a test secret for its placeholder)
        Map<String, Object> source = yamlTree(book.block("Add a source", 0), "hub.sources.greenhouse-eu");
        assertThat(source).containsKeys("scheme", "secrets");
        settings.put("hub.sources.greenhouse-eu.scheme", source.get("scheme"));
        settings.put("hub.sources.greenhouse-eu.secrets[0]", "greenhouse-eu test secret");
        // Add a destination, step 1: its configuration (the stub's URL and a test secret for the README's)
        Map<String, Object> it = yamlTree(destination.get(0), "hub.destinations.it");
        assertThat(it).containsKeys("url", "secret", "mapping");
        settings.put("hub.destinations.it.url", IT.url());
        settings.put("hub.destinations.it.secret", HubTestSupport.DESTINATION_SECRET);
        settings.put("hub.destinations.it.mapping", it.get("mapping"));
        hub = HubLauncher.start(settings);
        int port = HubLauncher.port(hub);
        OpsClient ops = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);

        JsonNode task = dryRun(ops, "demo", Files.readString(Path.of("samples/canonical/task.completed.json")), "recipe-task");
        assertThat(names(task.path("destinations"))).containsExactly("hris", "messaging");
        assertThat(task.path("deliveries").path("hris").path("mapping").asText()).isEqualTo("hris");

        JsonNode rehired = dryRun(ops, "demo", Files.readString(Path.of("samples/canonical/employee.created.json"))
                .replace("employee.created", "employee.rehired"), "recipe-rehired");
        assertThat(rehired.path("type").asText()).isEqualTo("employee.rehired");
        assertThat(names(rehired.path("destinations"))).containsExactly("payroll", "hris");

        JsonNode created = dryRun(ops, "demo", Files.readString(Path.of("samples/canonical/employee.created.json"))
                .replace("\"employee_id\": \"E-1001\",", "\"employee_id\": \"E-1001\", \"cost_center\": \"CC-42\","), "recipe-cost");
        assertThat(created.path("deliveries").path("payroll").path("payload").path("data").path("cost_center").asText()).isEqualTo("CC-42");

        JsonNode greenhouse = dryRun(ops, "greenhouse-eu", Files.readString(Path.of("samples/vendors/greenhouse/hire_candidate.json")), null);
        assertThat(greenhouse.path("type").asText()).isEqualTo("candidate.hired");
        assertThat(greenhouse.path("envelope").path("data").path("candidate_id").asText()).isNotBlank();
        assertThat(names(greenhouse.path("destinations"))).containsExactly("payroll", "hris", "messaging");

        // and for real: the new destination gets its mapped, signed delivery
        WebhookSender sender = new WebhookSender(port);
        assertThat(sender.post("demo", Files.readString(Path.of("samples/canonical/equipment.requested.json")))
                .signed(HubTestSupport.SOURCE_SECRET, "recipe-laptop").send().statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", "recipe-laptop");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(IT.deliveredCount(eventId)).isEqualTo(1));
        JsonNode received = JSON.readTree(IT.requestsFor(eventId).get(0).bodyText());
        assertThat(received.path("item").asText()).isEqualTo("Laptop");
        assertThat(received.path("employee").asText()).isEqualTo("E-1001");
        assertThat(IT.requestsFor(eventId).get(0).header("webhook-signature")).startsWith("v1,");
    }

    @Test
    void aMappingThatDoesNotCompileStopsTheHubSayingWhere() throws Exception {
        Path routes = RoutesCopy.into(work);
        Path broken = routes.resolve("mappings/destinations/payroll/employee.created.jsonata");
        Files.writeString(broken, "{\n  \"id\": id,\n  \"data\": data +\n}\n");
        assertThat(startFailure(routes, Map.of())).contains(broken + ":4:1:");
    }

    @Test
    void aTypeMapToAnUnknownCanonicalTypeStopsTheHub() throws Exception {
        String failure = startFailure(RoutesCopy.into(work), Map.of("hub.sources.demo.type-map.hired", "candidate.hierd"));
        assertThat(failure).contains("hub.sources.demo.type-map.hired: 'candidate.hierd' is not a canonical type");
    }

    @Test
    void aRouteFileWithAnUnknownKeyStopsTheHubNamingTheFileAndLine() throws Exception {
        Path routes = RoutesCopy.into(work);
        RoutesCopy.replace(routes.resolve("routing.camel.yaml"), "        - to: direct:routing-table\n", "        - too: direct:routing-table\n");
        String failure = startFailure(routes, Map.of());
        assertThat(failure).contains("routing.camel.yaml").containsPattern("line \\d+|:\\d+").contains("too");
    }

    @Test
    void aTemplatedRouteForAnUnconfiguredDestinationStopsTheHub() throws Exception {
        Path routes = RoutesCopy.into(work);
        Files.writeString(routes.resolve("delivery.camel.yaml"), Files.readString(routes.resolve("delivery.camel.yaml")) + """
                - templatedRoute:
                    routeTemplateRef: delivery
                    routeId: delivery-it
                    parameters:
                      - name: destination
                        value: it
                """);
        assertThat(startFailure(routes, Map.of())).contains("'it', which is not configured under hub.destinations");
    }

    @Test
    void aRoutingRowNamingAnUnconfiguredDestinationStopsTheHub() throws Exception {
        Path routes = RoutesCopy.into(work);
        RoutesCopy.replace(routes.resolve("routing.camel.yaml"), "constant: \"payroll\"}", "constant: \"payroll,it\"}");
        assertThat(startFailure(routes, Map.of())).contains("the routing table (route 'routing-table') routes to 'it', "
                + "which is not configured under hub.destinations");
    }

    @Test
    void aSecretLeftAsAnUnsetPlaceholderStopsTheHub() throws Exception {
        // what a pasted ${GREENHOUSE_EU_SECRET} becomes when the variable was never exported
        String failure = startFailure(RoutesCopy.into(work), Map.of("hub.sources.greenhouse-eu.scheme", "greenhouse",
                "hub.sources.greenhouse-eu.secrets[0]", "${GREENHOUSE_EU_SECRET_NEVER_SET}"));
        assertThat(failure).contains("greenhouse-eu").contains("unresolved placeholder ${GREENHOUSE_EU_SECRET_NEVER_SET}");
    }

    private String startFailure(Path routes, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(HubLauncher.settings(work.resolve("data")));
        settings.put("hub.routes-dir", routes.toString());
        settings.putAll(extra);
        Throwable failure = catchThrowable(() -> HubLauncher.start(settings).close());
        assertThat(failure).as("the hub must refuse to start").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static JsonNode dryRun(OpsClient ops, String source, String body, String eventId) throws IOException {
        var response = ops.call("POST", "/ops/dry-run/" + source, body, eventId == null ? Map.of() : Map.of("webhook-id", eventId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlTree(String yaml, String path) {
        Object node = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        for (String key : path.split("\\.")) {
            assertThat(node).as("the README's block has %s", path).isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(key);
        }
        assertThat(node).as("the README's block has %s", path).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }


}
