package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.github.hrwebhookhub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The Vert.x intake's backstops: a route that does not answer within hub.intake.response-timeout gets 503 with
 * Retry-After on a connection that stays open (longer than hub.limits.read-timeout, 2 s here), and its late result
 * is kept, so the sender's retry is answered as a duplicate; a stopped intake route answers 503, not 404.
 */
@TestPropertySource(properties = {"hub.intake.engine=vertx", "hub.intake.port=0", "hub.intake.response-timeout=3s"})
class VertxIntakeBackstopTest extends HubTestSupport {

    @Autowired
    private CamelContext camelContext;

    @Test
    void aRouteStuckPastTheResponseTimeoutGets503AndItsEventIsNotLost() throws Exception {
        String slowId = "msg_slow_" + UUID.randomUUID();
        AdviceWith.adviceWith(camelContext, "intake", route -> route.weaveById("enqueue").before()
                .filter(route.header(io.github.hrwebhookhub.HubHeaders.SOURCE_EVENT_ID).isEqualTo(slowId)).delay(4_500).end());
        try {
            HttpResponse<String> stuck = sender.sendEvent("demo", SOURCE_SECRET, slowId, "employee.created");
            assertThat(stuck.statusCode()).isEqualTo(503);
            assertThat(stuck.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(stuck.body()).contains("\"error\":\"unavailable\"");

            Thread.sleep(2_500); // the stuck route finishes meanwhile and enqueues the event
            HttpResponse<String> retry = sender.sendEvent("demo", SOURCE_SECRET, slowId, "employee.created");
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).contains("duplicate");
            assertThat(sender.sendEvent("demo", SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created").statusCode()).isEqualTo(202);
        } finally {
            camelContext.getRouteController().stopRoute("intake");
            camelContext.getRouteController().startRoute("intake");
        }
    }

    @Test
    void aStoppedIntakeRouteAnswers503() throws Exception {
        camelContext.getRouteController().stopRoute("intake");
        try {
            HttpResponse<String> response = sender.sendEvent("demo", SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            camelContext.getRouteController().startRoute("intake");
        }
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created").statusCode()).isEqualTo(202);
    }
}
