package io.github.hrwebhookhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.RoutesCopy;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fourth destination ("it", for laptop provisioning) added the way an integration engineer would: configuration plus
 * a line in delivery.camel.yaml and a routing line, on a copy of routes/, with no Java.
 */
class NewDestinationTest {

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }



    private Map<String, Object> settings(Path routes) {
        Map<String, Object> settings = new HashMap<>(HubTestSupport.hubSettings());
        settings.put("hub.data-dir", work.resolve("data").toString());
        settings.put("hub.routes-dir", routes.toString());
        settings.put("server.port", "0");
        return settings;
    }

    @Test
    void destinationAddedWithConfigurationAndYamlOnlyReceivesItsEvents() throws IOException {
        Path routes = RoutesCopy.into(work);
        Files.writeString(routes.resolve("delivery.camel.yaml"), Files.readString(routes.resolve("delivery.camel.yaml")) + """
                - templatedRoute:
                    routeTemplateRef: delivery
                    routeId: delivery-it
                    parameters:
                      - name: destination
                        value: it
                """);
        RoutesCopy.replace(routes.resolve("routing.camel.yaml"),
                "constant: \"messaging\"}\n            otherwise:",
                "constant: \"messaging\"}\n"
                        + "              - simple: \"${header.hubType} == 'equipment.requested'\"\n"
                        + "                steps:\n"
                        + "                  - setHeader: {name: hubDestinations, constant: \"messaging,it\"}\n"
                        + "            otherwise:");
        RoutesCopy.replace(routes.resolve("routing.camel.yaml"), "in 'task.completed,equipment.requested'", "== 'task.completed'");

        try (StubDestination it = new StubDestination("it")) {
            Map<String, Object> settings = settings(routes);
            settings.put("hub.destinations.it.url", it.url());
            settings.put("hub.destinations.it.secret", HubTestSupport.DESTINATION_SECRET);
            hub = HubLauncher.start(settings);
            WebhookSender sender = new WebhookSender(HubLauncher.port(hub));

            String laptop = "msg_" + UUID.randomUUID();
            assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, laptop, "equipment.requested").statusCode()).isEqualTo(202);
            String task = "msg_" + UUID.randomUUID();
            assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, task, "task.completed").statusCode()).isEqualTo(202);

            String laptopId = CanonicalEvents.eventId("demo", laptop);
            await().atMost(Duration.ofSeconds(10)).until(() -> it.deliveredCount(laptopId) == 1
                    && HubTestSupport.MESSAGING.deliveredCount(laptopId) == 1);
            assertThat(Signing.verifies(HubTestSupport.DESTINATION_SECRET, it.requestsFor(laptopId).get(0))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> HubTestSupport.MESSAGING.deliveredCount(CanonicalEvents.eventId("demo", task)) == 1);
            assertThat(it.requestsFor(CanonicalEvents.eventId("demo", task))).isEmpty();
        }
    }

    @Test
    void configuredDestinationWithoutDeliveryRouteStopsStartupWithAClearMessage() throws IOException {
        Map<String, Object> settings = settings(RoutesCopy.into(work));
        settings.put("hub.destinations.it.url", "http://127.0.0.1:9/it");
        settings.put("hub.destinations.it.secret", HubTestSupport.DESTINATION_SECRET);
        assertThatThrownBy(() -> hub = HubLauncher.start(settings))
                .hasStackTraceContaining("hub.destinations.it has no delivery route");
    }

    @Test
    void missingRoutesFolderStopsStartupWithAClearMessage() {
        Map<String, Object> settings = settings(work.resolve("no-such-folder"));
        assertThatThrownBy(() -> hub = HubLauncher.start(settings))
                .hasStackTraceContaining("No route files (*.camel.yaml)");
    }
}
