package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The route files show an event's path: the delivery route template names each step of an attempt, in order, and
 * the broker consumers take their transaction settings from the {@code jms-tx} component instead of repeating them.
 */
class DeliveryRouteFileTest {

    private static final Path ROUTES = Path.of("routes");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(ROUTES.resolve(file))) {
            return (List<Map<String, Object>>) new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> from(Map<String, Object> route) {
        return (Map<String, Object>) route.get("from");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deliveryTemplate() throws IOException {
        Map<String, Object> template = load("delivery.camel.yaml").stream()
                .filter(entry -> entry.containsKey("routeTemplate"))
                .map(entry -> (Map<String, Object>) entry.get("routeTemplate"))
                .filter(t -> "delivery".equals(t.get("id")))
                .findFirst().orElseThrow();
        return (Map<String, Object>) template.get("route");
    }

    /** The bean steps at the top level of a route, as "bean.method". */
    @SuppressWarnings("unchecked")
    private static List<String> beanSteps(Map<String, Object> route) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) from(route).get("steps")) {
            if (step.get("bean") instanceof Map<?, ?> bean) {
                names.add(bean.get("ref") + "." + bean.get("method"));
            }
        }
        return names;
    }

    @Test
    void deliveryRouteNamesEveryStepOfAnAttemptInOrder() throws IOException {
        assertThat(beanSteps(deliveryTemplate())).containsExactly(
                "deliveryAttempt.prepare", "holds.hold",
                "deliveryAttempt.map",
                "deliveryAttempt.awaitTurn",
                "deliveryAttempt.circuitBreaker",
                "deliveryAttempt.throttle",
                "deliveryAttempt.sign",
                "deliveryAttempt.send",
                "deliveryAttempt.record");
    }

    @Test
    @SuppressWarnings("unchecked")
    void brokerConsumersTakeTheirTransactionFromTheComponentNotFromEachRoute() throws IOException {
        Map<String, Object> routing = load("routing.camel.yaml").stream()
                .filter(entry -> entry.containsKey("route"))
                .map(entry -> (Map<String, Object>) entry.get("route"))
                .filter(route -> "routing".equals(route.get("id")))
                .findFirst().orElseThrow();
        for (Map<String, Object> route : List.of(routing, deliveryTemplate())) {
            Map<String, Object> from = from(route);
            assertThat((String) from.get("uri")).startsWith("jms-tx:queue:hr.");
            Map<String, Object> parameters = (Map<String, Object>) from.getOrDefault("parameters", Map.of());
            assertThat(parameters).containsOnlyKeys("transacted", "concurrentConsumers");
            assertThat(parameters.get("transacted")).isEqualTo(true);
        }
        for (String file : List.of("routing.camel.yaml", "delivery.camel.yaml", "intake.camel.yaml", "error-handling.camel.yaml")) {
            assertThat(Files.readString(ROUTES.resolve(file))).as(file)
                    .doesNotContain("exposeListenerSession")
                    .doesNotContain("messageListenerContainerFactory")
                    .doesNotContain("lazyCreateTransactionManager");
        }
    }
}
