package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.StubDestination;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The ops API: login, event timelines and search, dead letters inspected, replayed and discarded, redelivery. */
@DisableJmx(false) // Camel tests switch JMX off; the console needs it
class OpsApiTest extends HubTestSupport {

    private OpsClient ops;

    @Autowired
    private CamelContext camelContext;
    /** The hub's own mapper, the one the ops API answers with. */
    @Autowired
    private ObjectMapper hubJson;

    @BeforeEach
    void login() {
        ops = new OpsClient(port, OPS_USER, OPS_PASSWORD);
    }

    private String send(String type) {
        return send(type, null);
    }

    /** Sends an event whose deliveries to the stub first get these answers. */
    private String send(String type, StubDestination stub, Integer... answers) {
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        if (stub != null) {
            stub.thenAnswerFor(eventId, answers);
        }
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, sourceId, type).statusCode()).isEqualTo(202);
        return eventId;
    }

    @Test
    void everyOpsEndpointIsPublishedAsOpenApiBehindTheOpsLogin() throws Exception {
        assertThat(new OpsClient(port, null, null).call("GET", "/ops/openapi").statusCode()).as("without the ops login").isEqualTo(401);
        JsonNode api = ops.json("GET", "/ops/openapi");
        assertThat(api.path("openapi").asText()).startsWith("3.");
        Set<String> published = new TreeSet<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> published.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> mapped = new TreeSet<>();
        RequestMappingHandlerMapping mappings = applicationContext.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        // the hub's own handlers (not the endpoint that serves the description itself)
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/ops/") && handler.getBeanType().getPackageName().startsWith("io.github.hrwebhookhub"))
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> mapped.add(method.name() + " " + pattern))));
        assertThat(mapped).as("the ops API's mappings").contains("GET /ops/events/{id}", "POST /ops/dlq/{destination}/replay");
        assertThat(published).as("the paths and methods of /ops/openapi").isEqualTo(mapped);

        // the answers are described by their real shapes, not as free-form maps
        JsonNode deadLetterPage = api.at("/paths/~1ops~1dlq~1{destination}/get/responses/200/content");
        assertThat(deadLetterPage.isObject()).as("the dead-letter page's response").isTrue();
        assertThat(deadLetterPage.elements().next().path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/DeadLetterPage");
        assertThat(fieldNames(api.at("/components/schemas/DeadLetterPage/properties")))
                .containsExactlyInAnyOrder("destination", "page", "size", "total", "deadLetters");
        assertThat(api.at("/components/schemas/DeadLetterPage/properties/deadLetters/items/$ref").asText())
                .isEqualTo("#/components/schemas/DeadLetter");
        assertThat(fieldNames(api.at("/components/schemas/DeadLetter/properties"))).contains("eventId", "reason", "attempts",
                "lastStatus", "firstAttemptAt", "payload");
        assertThat(fieldNames(api.at("/components/schemas/EventTimeline/properties")))
                .as("the event's row members are inlined, as the answer has them").contains("id", "status", "payload", "timeline");
        assertThat(fieldNames(api.at("/components/schemas/DryRunAnswer/properties"))).contains("dryRun", "envelope", "deliveries");

        // and so are the errors: every operation lists the problem body for the login and the unexpected
        assertThat(fieldNames(api.at("/components/schemas/Problem/properties"))).contains("type", "title", "status", "detail", "error");
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            for (String status : List.of("401", "403", "default")) {
                assertThat(responses.at("/" + status + "/content/application~1problem+json/schema/$ref").asText())
                        .as(operation.getKey() + " " + path.getKey() + " " + status).isEqualTo("#/components/schemas/Problem");
            }
            if (path.getKey().contains("{")) {
                assertThat(responses.has("404")).as(operation.getKey() + " " + path.getKey() + " 404").isTrue();
            }
        }));
        assertThat(api.at("/paths/~1ops~1dlq~1{destination}/get/responses/400").isObject()).as("paged: page and size").isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type").hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as("no internals").doesNotContain("Exception").doesNotContain("java.").doesNotContain("\tat ");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("error").asText()).isEqualTo(error);
        return problem;
    }

    @Test
    void errorsAreProblemDetailsCarryingTheErrorCode() throws Exception {
        JsonNode unknownEvent = problem(ops.call("GET", "/ops/events/evt_unknown"), 404, "unknown_event");
        assertThat(unknownEvent.path("title").asText()).isEqualTo("Not Found");
        assertThat(unknownEvent.path("detail").asText()).contains("evt_unknown");
        assertThat(unknownEvent.path("instance").asText()).isEqualTo("/ops/events/evt_unknown");
        problem(ops.call("GET", "/ops/dlq/nowhere"), 404, "unknown_destination");
        problem(ops.call("POST", "/ops/dlq/nowhere/replay"), 404, "unknown_destination");
        problem(ops.call("POST", "/ops/events/evt_unknown/redeliver?destination=nowhere"), 404, "unknown_destination");
        problem(ops.call("POST", "/ops/events/evt_00000000000000000000000000000000/redeliver?destination=hris"), 404, "unknown_event");
        problem(ops.call("DELETE", "/ops/dlq/payroll?id=evt_00000000000000000000000000000000&reason=gone"), 404,
                "not_in_dead_letter_queue");
        JsonNode badId = problem(ops.call("POST", "/ops/dlq/payroll/replay?id=not-an-id"), 400, "bad_request");
        assertThat(badId.path("title").asText()).isEqualTo("Bad Request");
        assertThat(badId.path("detail").asText()).contains("evt_");
        assertThat(problem(ops.call("GET", "/ops/events?from=yesterday"), 400, "bad_request").path("detail").asText()).contains("ISO-8601");
        assertThat(problem(ops.call("GET", "/ops/events?size=100000"), 400, "bad_request").path("detail").asText()).contains("size");
        assertThat(problem(ops.call("GET", "/ops/quarantine?page=-1"), 400, "bad_request").path("detail").asText()).contains("page");
        assertThat(problem(ops.call("DELETE", "/ops/dlq/payroll?id=evt_00000000000000000000000000000000&reason=%20"), 400, "bad_request")
                .path("detail").asText()).contains("reason");
    }

    @Test
    void malformedOrMissingParametersAre400ProblemsNamingTheParameter() throws Exception {
        assertThat(problem(ops.call("GET", "/ops/dlq/payroll?page=abc"), 400, "bad_request").path("detail").asText())
                .isEqualTo("page must be a whole number");
        assertThat(problem(ops.call("GET", "/ops/events?size=ten"), 400, "bad_request").path("detail").asText())
                .isEqualTo("size must be a whole number");
        assertThat(problem(ops.call("GET", "/ops/quarantine?page=1.5"), 400, "bad_request").path("detail").asText())
                .isEqualTo("page must be a whole number");
        assertThat(problem(ops.call("POST", "/ops/events/evt_unknown/redeliver"), 400, "bad_request").path("detail").asText())
                .isEqualTo("parameter destination is required");
        assertThat(problem(ops.call("DELETE", "/ops/dlq/payroll?id=evt_00000000000000000000000000000000"), 400, "bad_request")
                .path("detail").asText()).isEqualTo("parameter reason is required");
    }

    @Test
    void anEventWithoutARowIsShownByItsIdAndTimelineOnly() throws Exception {
        OpsResponses.EventTimeline stepsOnly = new OpsResponses.EventTimeline(OpsResponses.EventSummary.idOnly("evt_x"), null,
                List.of(OpsResponses.TimelineStep.of(new AuditTrail.Step("evt_x", 0, "duplicate", "demo",
                        null, null, null, null, "already accepted", null))));
        JsonNode shown = hubJson.readTree(hubJson.writeValueAsString(stepsOnly));
        assertThat(fieldNames(shown)).containsExactly("id", "timeline");
        assertThat(fieldNames(shown.path("timeline").get(0))).containsExactly("at", "stage", "eventId", "source", "detail");
        assertThat(shown.path("timeline").get(0).path("at").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    private static List<String> stages(JsonNode event) {
        List<String> stages = new ArrayList<>();
        event.get("timeline").forEach(step -> stages.add(step.get("stage").asText()
                + (step.has("destination") ? "@" + step.get("destination").asText() : "")));
        return stages;
    }

    private JsonNode deadLetter(String destination, String eventId) {
        for (JsonNode candidate : ops.json("GET", "/ops/dlq/" + destination + "?size=500").get("deadLetters")) {
            if (candidate.get("eventId").asText().equals(eventId)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void opsSurfacesNeedTheOpsLoginAndHealthDoesNot() {
        assertThat(new OpsClient(port, null, null).call("GET", "/ops/events").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, OPS_USER, "wrong").call("GET", "/ops/events").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, null, null).call("GET", "/ops/dlq/payroll").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, null, null).call("POST", "/ops/dlq/payroll/replay").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, null, null).call("GET", "/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, null, null).call("GET", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(ops.call("GET", "/ops/events").statusCode()).isEqualTo(200);
    }

    @Test
    void errorsBeforeAnOpsHandlerIsChosenAreProblemsToo() throws Exception {
        HttpResponse<String> anonymous = new OpsClient(port, null, null).call("GET", "/ops/events");
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hr-webhook-hub\"");
        assertProblem(new OpsClient(port, OPS_USER, "wrong").call("GET", "/ops/events"), 401, "unauthorized");
        assertProblem(new OpsClient(port, VIEWER_USER, VIEWER_PASSWORD).call("GET", "/ops/events"), 403, "forbidden");

        HttpResponse<String> wrongMethod = ops.call("DELETE", "/ops/events");
        assertProblem(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(new ObjectMapper().readTree(wrongMethod.body()).get("detail").asText()).isEqualTo("DELETE is not supported here; use GET");
        assertProblem(ops.call("GET", "/ops/no-such-endpoint"), 404, "not_found");
        // outside the ops API, Spring's own handling is unchanged
        assertThat(ops.call("DELETE", "/actuator/health").headers().firstValue("Content-Type").orElse(""))
                .doesNotStartWith("application/problem+json");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("error").asText()).isEqualTo(error);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("trace", "exception", "Exception");
    }

    @Test
    void consoleJolokiaAndConfigurationEndpointsAreLockedDown() {
        OpsClient anonymous = new OpsClient(port, null, null);
        assertThat(anonymous.call("GET", "/actuator/hawtio/").statusCode()).isIn(302, 401);
        assertThat(anonymous.call("GET", "/actuator/jolokia/version").statusCode()).isIn(302, 401);
        assertThat(new OpsClient(port, OPS_USER, "wrong").call("GET", "/actuator/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(ops.call("GET", "/actuator/jolokia/version").statusCode()).isEqualTo(200);
        assertThat(ops.call("GET", "/actuator/hawtio/").statusCode()).isEqualTo(200);
        // configuration that could show secrets is not exposed at all, not even to ops
        for (String endpoint : List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump", "/actuator/beans")) {
            assertThat(ops.call("GET", endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
        // what the console shows: the hub's routes by id, and the broker's queues with their message counts
        String routes = ops.call("GET", "/actuator/jolokia/search/org.apache.camel:type=routes,*").body();
        assertThat(routes).contains("intake").contains("routing").contains("delivery-payroll").contains("delivery-messaging");
        String queues = ops.call("GET", "/actuator/jolokia/search/org.apache.activemq.artemis:*,subcomponent=queues").body();
        assertThat(queues).contains("hr.deliver.payroll").contains("hr.dlq.payroll").contains("hr.unrouted").contains("hr.events");
        String depth = ops.call("GET", "/actuator/jolokia/read/org.apache.activemq.artemis:broker=*,component=addresses,"
                + "address=%22hr.dlq.hris%22,subcomponent=queues,routing-type=%22anycast%22,queue=%22hr.dlq.hris%22/MessageCount").body();
        assertThat(depth).contains("\"status\":200");
        String jolokiaBody = ops.call("GET", "/actuator/jolokia/read/java.lang:type=Runtime/InputArguments").body();
        assertThat(jolokiaBody).doesNotContain(SOURCE_SECRET).doesNotContain(OPS_PASSWORD);
    }

    @Test
    void timelineRecordsEveryStepOfAnEventIncludingEachAttempt() {
        String eventId = send("employee.status_changed", PAYROLL, 503);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1 && HRIS.deliveredCount(eventId) == 1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode event = ops.json("GET", "/ops/events/" + eventId);
            assertThat(event.get("status").asText()).isEqualTo("delivered");
            assertThat(stages(event)).containsSubsequence("received", "verified", "routed", "attempt@payroll", "attempt@payroll", "delivered@payroll");
            assertThat(stages(event)).contains("attempt@hris", "delivered@hris");
        });
        JsonNode event = ops.json("GET", "/ops/events/" + eventId);
        assertThat(fieldNames(event)).containsExactly("id", "source", "sourceEventId", "type", "receivedAt", "status", "destinations",
                "pendingDeliveries", "payload", "timeline");
        assertThat(fieldNames(event.get("timeline").get(0))).containsExactly("at", "stage", "eventId", "source", "detail");
        assertThat(event.get("type").asText()).isEqualTo("employee.status_changed");
        assertThat(event.get("destinations")).extracting(JsonNode::asText).containsExactly("payroll", "hris");
        assertThat(event.get("timeline").findValues("httpStatus")).extracting(JsonNode::asInt).contains(503, 200);
        assertThat(event.get("timeline").toString()).contains("latencyMs").contains("client 127.0.0.1").contains("standard-webhooks")
                .doesNotContain("Grace").doesNotContain("123456");
        assertThat(event.toString()).doesNotContain("123456");
    }

    @Test
    void receivedAndVerifiedAreRecordedByTheRouterFromTheBrokerMessageOnce() throws Exception {
        // routing stopped: the event is accepted and durable on hr.events, and nothing of it is in the database yet
        camelContext.getRouteController().stopRoute("routing");
        String eventId;
        try {
            eventId = send("deduction.modified");
            // not a single audit row while routing is stopped: the intake wrote none between the enqueue and the 202
            await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() -> {
                assertThat(ops.call("GET", "/ops/events/" + eventId).statusCode()).isEqualTo(404);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit WHERE event_id = ?", Long.class, eventId)).isZero();
            });
        } finally {
            camelContext.getRouteController().startRoute("routing");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode event = ops.json("GET", "/ops/events/" + eventId);
            assertThat(stages(event)).containsSubsequence("received", "verified", "routed", "delivered@payroll");
            assertThat(stages(event).stream().filter(s -> s.equals("received") || s.equals("verified"))).hasSize(2);
            assertThat(event.get("timeline").get(0).get("detail").asText()).contains("client 127.0.0.1");
            assertThat(event.get("timeline").get(1).get("detail").asText()).contains("standard-webhooks");
        });
    }

    @Test
    void duplicatesAndRejectedRequestsAreRecordedWithoutBodies() {
        String sourceId = "msg_" + UUID.randomUUID();
        sender.sendEvent("demo", SOURCE_SECRET, sourceId, "task.completed");
        sender.sendEvent("demo", SOURCE_SECRET, sourceId, "task.completed");
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        // recorded without holding up the answer: shortly after it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(stages(ops.json("GET", "/ops/events/" + eventId))).contains("duplicate"));

        String signedBody = "{\"type\":\"employee.created\",\"data\":{\"salary\":999999}}";
        sender.post("demo", signedBody).signed(SOURCE_SECRET, "msg_" + UUID.randomUUID()).body("{\"salary\":1}".getBytes()).send();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode latest = ops.json("GET", "/ops/events?status=rejected&source=demo&size=5");
            assertThat(latest.get("total").asLong()).isPositive();
            assertThat(latest.get("rejections").get(0).get("detail").asText()).contains("invalid_signature");
        });
        JsonNode rejected = ops.json("GET", "/ops/events?status=rejected&source=demo&size=5");
        assertThat(fieldNames(rejected)).containsExactly("page", "size", "total", "rejections");
        assertThat(rejected.toString()).doesNotContain("999999").doesNotContain("salary");
    }

    @Test
    void searchFiltersBySourceTypeStatusAndTimeAndPages() {
        Instant start = Instant.now().minusSeconds(1);
        String first = send("document.signed");
        String second = send("document.signed");
        await().atMost(Duration.ofSeconds(10)).until(() -> HRIS.deliveredCount(first) == 1 && HRIS.deliveredCount(second) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                ops.json("GET", "/ops/events?type=document.signed&status=delivered&from=" + start).get("total").asLong() >= 2);

        JsonNode page = ops.json("GET", "/ops/events?source=demo&type=document.signed&from=" + start + "&size=1&page=0");
        assertThat(page.get("events")).hasSize(1);
        assertThat(fieldNames(page)).containsExactly("page", "size", "total", "events");
        assertThat(fieldNames(page.get("events").get(0))).containsExactly("id", "source", "sourceEventId", "type", "receivedAt", "status",
                "destinations", "pendingDeliveries");
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ops.json("GET", "/ops/events?source=nobody").get("total").asLong()).isZero();
        assertThat(ops.json("GET", "/ops/events?to=2000-01-01T00:00:00Z").get("total").asLong()).isZero();
        assertThat(ops.call("GET", "/ops/events?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(ops.call("GET", "/ops/events?size=100000").statusCode()).isEqualTo(400);
        assertThat(ops.call("GET", "/ops/events/evt_unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void deadLetterIsListedWithItsReasonThenReplayedAndDeliveredExactlyOnceMore() {
        String eventId = send("deduction.modified", PAYROLL, 422);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetter("payroll", eventId) != null);

        JsonNode item = deadLetter("payroll", eventId);
        assertThat(fieldNames(ops.json("GET", "/ops/dlq/payroll"))).containsExactly("destination", "page", "size", "total", "deadLetters");
        assertThat(fieldNames(item)).containsExactly("eventId", "type", "source", "reason", "attempts", "lastStatus", "lastError",
                "firstAttemptAt", "lastAttemptAt", "payload");
        assertThat(item.get("type").asText()).isEqualTo("deduction.modified");
        assertThat(item.get("source").asText()).isEqualTo("demo");
        assertThat(item.get("reason").asText()).contains("422");
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        assertThat(item.get("lastStatus").asInt()).isEqualTo(422);
        assertThat(item.get("firstAttemptAt").asText()).isNotBlank();
        assertThat(item.get("lastAttemptAt").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ops.json("GET", "/ops/events/" + eventId).get("status").asText())
                .as(() -> ops.json("GET", "/ops/events/" + eventId).toString()).isEqualTo("dead_lettered"));

        JsonNode replay = ops.json("POST", "/ops/dlq/payroll/replay?id=" + eventId);
        assertThat(fieldNames(replay)).containsExactlyInAnyOrder("destination", "replayed");
        assertThat(replay.get("replayed").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        List<StubDestination.Request> requests = PAYROLL.requestsFor(eventId);
        assertThat(requests).hasSize(2).extracting(r -> r.header("webhook-id")).containsOnly(eventId);
        assertThat(Signing.verifies(DESTINATION_SECRET, requests.get(1))).isTrue();
        assertThat(ops.json("GET", "/ops/events/" + eventId).get("timeline").toString())
                .contains("\"stage\":\"replayed\"").contains("\"actor\":\"ops\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> ops.json("GET", "/ops/events/" + eventId).get("status").asText().equals("delivered"));
        assertThat(deadLetter("payroll", eventId)).isNull();
        assertThat(ops.json("POST", "/ops/dlq/payroll/replay?id=" + eventId).get("replayed").asInt()).isZero();
    }

    @Test
    void replayByTypeOrSinceReportsHowMany() {
        HRIS.alwaysAnswer(400);
        String a = send("document.signed");
        String b = send("document.signed");
        String c = send("payroll.record_updated");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetter("hris", a) != null && deadLetter("hris", b) != null
                && deadLetter("hris", c) != null);
        HRIS.alwaysAnswer(200);

        assertThat(ops.json("POST", "/ops/dlq/hris/replay?type=document.signed").get("replayed").asInt()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> HRIS.deliveredCount(a) == 1 && HRIS.deliveredCount(b) == 1);
        assertThat(HRIS.deliveredCount(c)).isZero();
        assertThat(ops.json("POST", "/ops/dlq/hris/replay?since=" + Instant.now().minusSeconds(60)).get("replayed").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> HRIS.deliveredCount(c) == 1);
        assertThat(ops.json("POST", "/ops/dlq/hris/replay").get("replayed").asInt()).isZero();
    }

    @Test
    void discardNeedsAReasonAndIsRecordedWithTheUser() {
        String eventId = send("task.completed", MESSAGING, 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetter("messaging", eventId) != null);

        assertThat(ops.call("DELETE", "/ops/dlq/messaging?id=" + eventId).statusCode()).isEqualTo(400);
        JsonNode discarded = ops.json("DELETE", "/ops/dlq/messaging?id=" + eventId + "&reason=channel%20archived");
        assertThat(fieldNames(discarded)).containsExactlyInAnyOrder("destination", "discarded");
        assertThat(discarded.get("discarded").asInt()).isEqualTo(1);
        assertThat(ops.call("DELETE", "/ops/dlq/messaging?id=" + eventId + "&reason=again").statusCode()).isEqualTo(404);
        JsonNode timeline = ops.json("GET", "/ops/events/" + eventId).get("timeline");
        assertThat(timeline.toString()).contains("\"stage\":\"discarded\"").contains("channel archived").contains("\"actor\":\"ops\"");
        assertThat(ops.call("POST", "/ops/dlq/messaging/replay?id=not-an-id").statusCode()).isEqualTo(400);
        assertThat(ops.call("GET", "/ops/dlq/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void payloadsAreSealedAtRestAndRedactedUnlessTheCallerHasThePiiRole() {
        String eventId = send("compensation.changed", PAYROLL, 400);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetter("payroll", eventId) != null);

        byte[] stored = jdbc.queryForObject("SELECT envelope FROM hub_event_envelope WHERE event_id = ?", byte[].class, eventId);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain("Grace").doesNotContain("123456").doesNotContain("DE89370400440532013000");

        JsonNode redacted = ops.json("GET", "/ops/events/" + eventId).get("payload").get("data");
        assertThat(redacted.get("first_name").asText()).isEqualTo("Grace");
        assertThat(redacted.get("salary").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("bank_account").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("national_id").asText()).isEqualTo("[redacted]");
        assertThat(deadLetter("payroll", eventId).get("payload").get("data").get("salary").asText()).isEqualTo("[redacted]");

        OpsClient hr = new OpsClient(port, PII_USER, PII_PASSWORD);
        JsonNode full = hr.json("GET", "/ops/events/" + eventId).get("payload").get("data");
        assertThat(full.get("salary").get("amount").asInt()).isEqualTo(123456);
        assertThat(full.get("national_id").asText()).isEqualTo("123-45-6789");
        JsonNode parked = null;
        for (JsonNode item : hr.json("GET", "/ops/dlq/payroll?size=500").get("deadLetters")) {
            if (item.get("eventId").asText().equals(eventId)) {
                parked = item;
            }
        }
        assertThat(parked.get("payload").get("data").get("bank_account").asText()).isEqualTo("DE89370400440532013000");

        // a sealed dead letter replays as the original payload
        assertThat(ops.json("POST", "/ops/dlq/payroll/replay?id=" + eventId).get("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        String delivered = PAYROLL.requestsFor(eventId).get(1).bodyText();
        assertThat(delivered).contains("\"amount\":123456").contains(eventId);
    }

    @Test
    void deliveredEventCanBeRedeliveredOnPurpose() throws Exception {
        String eventId = send("document.signed");
        await().atMost(Duration.ofSeconds(10)).until(() -> HRIS.deliveredCount(eventId) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ops.json("GET", "/ops/events/" + eventId).get("status").asText().equals("delivered"));

        HttpResponse<String> redelivering = ops.call("POST", "/ops/events/" + eventId + "/redeliver?destination=hris");
        assertThat(redelivering.statusCode()).isEqualTo(202);
        JsonNode redelivery = new ObjectMapper().readTree(redelivering.body());
        assertThat(fieldNames(redelivery)).containsExactlyInAnyOrder("id", "destination", "status");
        assertThat(redelivery.get("status").asText()).isEqualTo("redelivering");
        await().atMost(Duration.ofSeconds(10)).until(() -> HRIS.deliveredCount(eventId) == 2);
        assertThat(HRIS.requestsFor(eventId)).extracting(r -> r.header("webhook-id")).containsOnly(eventId);
        assertThat(ops.json("GET", "/ops/events/" + eventId).get("timeline").toString())
                .contains("\"stage\":\"redelivered\"").contains("\"actor\":\"ops\"");
        assertThat(ops.call("POST", "/ops/events/" + eventId + "/redeliver?destination=nowhere").statusCode()).isEqualTo(404);
    }
}
