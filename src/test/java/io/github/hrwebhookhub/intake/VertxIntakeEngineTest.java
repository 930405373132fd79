package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * The port layout of hub.intake.engine=vertx: webhooks on the intake server, everything else on server.port, and a
 * signed event taken through to its destination from there.
 */
@TestPropertySource(properties = {"hub.intake.engine=vertx", "hub.intake.port=0"})
@ExtendWith(OutputCaptureExtension.class)
class VertxIntakeEngineTest extends HubTestSupport {

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIntakeHasItsOwnPortAndTheServletPortNoLongerTakesWebhooks() throws Exception {
        assertThat(intakePort()).isPositive().isNotEqualTo(port);
        HttpResponse<String> onServletPort = new WebhookSender(port).sendEvent("demo", SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created");
        assertThat(onServletPort.statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);

        HttpResponse<String> opsOnIntake = get(intakePort(), "/ops/dlq");
        assertThat(opsOnIntake.statusCode()).isEqualTo(404);
        assertThat(opsOnIntake.body()).contains("\"error\":\"not_found\"");
        HttpResponse<String> getOnIntake = get(intakePort(), "/webhooks/demo");
        assertThat(getOnIntake.statusCode()).isEqualTo(405);
        assertThat(getOnIntake.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aSignedEventPostedToTheIntakePortIsAcceptedAndDelivered() {
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        HttpResponse<String> response = sender.sendEvent("demo", SOURCE_SECRET, sourceId, "employee.terminated");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains(eventId);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("webhook-"));
        await().atMost(Duration.ofSeconds(20)).until(() -> PAYROLL.deliveredCount(eventId) == 1);

        HttpResponse<String> again = sender.sendEvent("demo", SOURCE_SECRET, sourceId, "employee.terminated");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
    }

    @Test
    void aPlatformHttpRouteStartsOnTheIntakeServerWithoutTheServletEnginesMappingFailingOnIt(CapturedOutput output) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/webhooks-probe?httpMethodRestrict=GET").routeId("probe").setBody(constant("probe"));
            }
        });
        try {
            HttpResponse<String> probe = get(intakePort(), "/webhooks-probe");
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).isEqualTo("probe");
            // the servlet engine's request mapping used to be told of every route and log a ClassCastException for it
            assertThat(output.getAll()).doesNotContain("ClassCastException").doesNotContain("Error adding listener");
        } finally {
            camel.getRouteController().stopRoute("probe");
            camel.removeRoute("probe");
        }
    }
}
