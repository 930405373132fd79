package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the intake answers, and that a rejected request leaves nothing behind. */
class IntakeTest extends HubTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    private org.apache.camel.CamelContext camelContext;

    private static void collectIds(List<? extends org.apache.camel.model.ProcessorDefinition<?>> steps, List<String> ids) {
        for (org.apache.camel.model.ProcessorDefinition<?> step : steps) {
            if (step.getId() != null) {
                ids.add(step.getId());
            }
            collectIds(step.getOutputs(), ids);
        }
    }

    @Test
    void theIntakeRouteShowsEachStepOfTheEventsPathByName() {
        org.apache.camel.model.RouteDefinition intake = camelContext.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.model.Model.class).getRouteDefinition("intake");
        List<String> ids = new java.util.ArrayList<>();
        collectIds(intake.getOutputs(), ids);
        assertThat(ids).containsSubsequence("source", "guard", "signature", "canonical", "dedup", "enqueue");
    }


    private static final ObjectMapper JSON = new ObjectMapper();

    private long eventsBefore;
    private long ledgerBefore;

    @BeforeEach
    void countBefore() {
        eventsBefore = messagesAdded(Queues.EVENTS);
        ledgerBefore = ledgerRows();
    }

    private String id() {
        return "msg_" + UUID.randomUUID();
    }

    private String body() {
        return WebhookSender.event("employee.created", "E-" + UUID.randomUUID());
    }

    private void assertNothingStored() {
        assertThat(messagesAdded(Queues.EVENTS)).as("messages enqueued").isEqualTo(eventsBefore);
        assertThat(ledgerRows()).as("ledger rows").isEqualTo(ledgerBefore);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void signedEventIsAcceptedWith202AfterItIsOnTheBroker() throws Exception {
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, id()).send();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(response).get("status").asText()).isEqualTo("accepted");
        assertThat(json(response).get("id").asText()).startsWith("evt_");
        assertThat(messagesAdded(Queues.EVENTS)).isEqualTo(eventsBefore + 1);
    }

    @Test
    void canonicalIdIsDeterministicFromSourceAndEventId() throws Exception {
        String eventId = id();
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, eventId).send();
        assertThat(json(response).get("id").asText()).isEqualTo(CanonicalEvents.eventId("demo", eventId));
    }

    @Test
    void secondActiveSecretAlsoVerifies() {
        assertThat(sender.post("demo", body()).signed(ROTATED_SECRET, id()).send().statusCode()).isEqualTo(202);
    }

    @Test
    void validSignatureOverNonAsciiBytesIsAccepted() throws Exception {
        String event = "{\"type\":\"employee.created\",\"data\":{\"employee_id\":\"E-é\",\"first_name\":\"José Müller\","
                + "\"last_name\":\"日本語 Ølsen \uD83D\uDE00\"}}";
        String sourceId = id();
        HttpResponse<String> response = sender.post("demo", event.getBytes(StandardCharsets.UTF_8)).signed(SOURCE_SECRET, sourceId).send();
        assertThat(response.statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        JsonNode data = JSON.readTree(PAYROLL.requestsFor(eventId).get(0).body()).get("data");
        assertThat(data.get("first_name").asText()).isEqualTo("José Müller");
        assertThat(data.get("last_name").asText()).isEqualTo("日本語 Ølsen \uD83D\uDE00");
    }

    @Test
    void tamperedBodyIsRejectedWith401() throws Exception {
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, id())
                .body(body().getBytes(StandardCharsets.UTF_8)).send();
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_signature");
        assertThat(json(response).has("detail")).isFalse();
        assertNothingStored();
    }

    @Test
    void wrongSecretIsRejectedWith401() {
        String wrong = "whsec_" + java.util.Base64.getEncoder().encodeToString("some other secret entirely".getBytes());
        assertThat(sender.post("demo", body()).signed(wrong, id()).send().statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void staleTimestampIsRejectedWith401() {
        long sixMinutesAgo = System.currentTimeMillis() / 1000 - 360;
        assertThat(sender.post("demo", body()).signed(SOURCE_SECRET, id(), sixMinutesAgo).send().statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void futureTimestampIsRejectedWith401() {
        long sixMinutesAhead = System.currentTimeMillis() / 1000 + 360;
        assertThat(sender.post("demo", body()).signed(SOURCE_SECRET, id(), sixMinutesAhead).send().statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void timestampWithinToleranceIsAccepted() {
        long fourMinutesAgo = System.currentTimeMillis() / 1000 - 240;
        assertThat(sender.post("demo", body()).signed(SOURCE_SECRET, id(), fourMinutesAgo).send().statusCode()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void missingSignatureHeaderIsRejectedWith401(String header) {
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, id()).header(header, null).send();
        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void signatureWithoutV1VersionIsRejectedWith401() {
        WebhookSender.Post post = sender.post("demo", body()).signed(SOURCE_SECRET, id());
        HttpResponse<String> response = post.header("webhook-signature", "v2," + "A".repeat(44)).send();
        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void unknownSourceIsRejectedWith404() throws Exception {
        HttpResponse<String> response = sender.post("no-such-source", body()).signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("unknown_source");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void otherMethodsAreRejectedWith405(String method) {
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, id()).method(method).send();
        assertThat(response.statusCode()).isEqualTo(405);
        assertNothingStored();
    }

    @Test
    void malformedJsonIsRejectedWith400() throws Exception {
        HttpResponse<String> response = sender.post("demo", "{\"type\": \"employee.created\", ").signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_json");
        assertThat(json(response).get("detail").asText()).contains("not valid JSON");
        assertNothingStored();
    }

    @Test
    void jsonThatIsNotAnObjectIsRejectedWith400() {
        assertThat(sender.post("demo", "[1,2,3]").signed(SOURCE_SECRET, id()).send().statusCode()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void emptyBodyIsRejectedWith400() {
        assertThat(sender.post("demo", "").signed(SOURCE_SECRET, id()).send().statusCode()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void missingEventTypeIsRejectedWith400() throws Exception {
        HttpResponse<String> response = sender.post("demo", "{\"data\":{\"employee_id\":\"E-1\"}}").signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("missing_event_type");
        assertNothingStored();
    }

    @Test
    void nonUtf8BodyWithValidSignatureIsRejectedWith400() throws Exception {
        byte[] latin1 = "{\"type\":\"employee.created\",\"data\":{\"first_name\":\"José\"}}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> response = sender.post("demo", latin1).signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_encoding");
        assertNothingStored();
    }

    @Test
    void nonUtf8BodyWithBadSignatureIsRejectedWith401() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0x7b};
        HttpResponse<String> response = sender.post("demo", garbage).signed(SOURCE_SECRET, id())
                .body(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}).send();
        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void oversizedBodyIsRejectedWith413() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<String> response = sender.post("demo", big).signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("payload_too_large");
        assertThat(json(response).get("detail").asText()).isEqualTo("body exceeds 1048576 bytes");
        assertNothingStored();
    }

    /** The servlet engine's body filter (in front of every /webhooks/ request on server.port) answers with the shared problem body. */
    @Test
    void theBodyFilterAnswersAnOversizedBodyAsJsonWithErrorAndDetail() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<String> response = new WebhookSender(port).post("demo", big).signed(SOURCE_SECRET, id()).send();
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).as("the intake's errors are plain JSON").contains("application/json");
        JsonNode problem = json(response);
        assertThat(problem.path("error").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).isEqualTo("body exceeds 1048576 bytes");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("title").asText()).isEqualTo("Payload Too Large");
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertNothingStored();
    }

    @Test
    void nonJsonContentTypeIsRejectedWith415() throws Exception {
        HttpResponse<String> response = sender.post("demo", body()).signed(SOURCE_SECRET, id())
                .header("Content-Type", "text/plain").send();
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").asText()).isEqualTo("unsupported_media_type");
        assertNothingStored();
    }

    @Test
    void jsonContentTypeWithCharsetIsAccepted() {
        assertThat(sender.post("demo", body()).signed(SOURCE_SECRET, id())
                .header("Content-Type", "application/json; charset=utf-8").send().statusCode()).isEqualTo(202);
    }

    @Test
    void sourceOverItsRateLimitGets429WithRetryAfter() {
        List<HttpResponse<String>> responses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(sender.post("limited", body()).signed(SOURCE_SECRET, id()).send());
        }
        assertThat(responses).extracting(HttpResponse::statusCode).contains(202, 429).containsOnly(202, 429);
        HttpResponse<String> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(limited.body()).contains("rate_limited");
        // the other sources are not affected
        assertThat(sender.post("demo", body()).signed(SOURCE_SECRET, id()).send().statusCode()).isEqualTo(202);
    }

    @Test
    void allowedClientBehindATrustedProxyIsAccepted() {
        assertThat(sender.post("restricted", body()).signed(SOURCE_SECRET, id()).header("X-Forwarded-For", "10.20.30.40")
                .send().statusCode()).isEqualTo(202);
        assertThat(sender.post("restricted", body()).signed(SOURCE_SECRET, id()).header("X-Forwarded-For", "2001:db8::7")
                .send().statusCode()).isEqualTo(202);
        assertThat(sender.post("restricted", body()).signed(SOURCE_SECRET, id()).send().statusCode()).isEqualTo(403);
    }

    @Test
    void responsesNeverEchoRequestHeaders() {
        HttpResponse<String> accepted = sender.post("demo", body()).signed(SOURCE_SECRET, id())
                .header("X-Probe", "echo-me").send();
        HttpResponse<String> rejected = sender.post("demo", body()).signed(SOURCE_SECRET, id())
                .header("X-Probe", "echo-me").body("{}".getBytes()).send();
        for (HttpResponse<String> response : java.util.List.of(accepted, rejected)) {
            assertThat(response.headers().map().keySet())
                    .noneMatch(h -> h.equalsIgnoreCase("X-Probe") || h.toLowerCase().startsWith("webhook-")
                            || h.equalsIgnoreCase("source") || h.toLowerCase().startsWith("hub"));
        }
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(rejected.statusCode()).isEqualTo(401);
    }
}
