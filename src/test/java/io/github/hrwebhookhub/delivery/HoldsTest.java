package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.config.ConfigurationCheck;
import io.github.hrwebhookhub.config.HubConfigurationValidator;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.RecipeBook;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * Effective-date holds on payroll (hub.destinations.payroll.hold-until): a change dated later waits on the broker
 * until its date while other destinations get it at once; ops list, release and cancel held events; a later event
 * for the same employee waits behind a held one; a hold survives a restart. The tests date events seconds ahead (a
 * date-time field); a plain date is the start of that day in UTC.
 */
class HoldsTest {

    private static final StubDestination PAYROLL = HubTestSupport.PAYROLL;
    private static final StubDestination HRIS = HubTestSupport.HRIS;

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    private Map<String, Object> settings() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        Map<String, Object> settings = HubLauncher.settings(dataDir);
        settings.put("hub.destinations.payroll.hold-until", "jsonpath:$.data.effective_at");
        settings.put("hub.destinations.payroll.ordering-key", "jsonpath:$.data.employee_id");
        return settings;
    }

    private static String send(WebhookSender sender, String employee, String effectiveAt) {
        String sourceId = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"compensation.changed\",\"timestamp\":\"2026-11-27T09:00:00Z\",\"data\":{\"employee_id\":\""
                + employee + "\",\"salary\":{\"amount\":123456,\"currency\":\"USD\"}"
                + (effectiveAt == null ? "" : ",\"effective_at\":\"" + effectiveAt + "\"") + "}}";
        assertThat(sender.post("demo", body).signed(HubTestSupport.SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(202);
        return CanonicalEvents.eventId("demo", sourceId);
    }

    private static List<String> stages(OpsClient ops, String eventId) {
        List<String> stages = new ArrayList<>();
        ops.json("GET", "/ops/events/" + eventId).path("timeline").forEach(step -> stages.add(step.path("stage").asText()));
        return stages;
    }

    private static List<String> heldIds(OpsClient ops) {
        List<String> ids = new ArrayList<>();
        ops.json("GET", "/ops/holds?destination=payroll").path("held").forEach(h -> ids.add(h.path("eventId").asText()));
        return ids;
    }

    @Test
    void aChangeDatedLaterWaitsForItsDateAndOpsCanReleaseOrCancelIt() throws Exception {
        hub = HubLauncher.start(settings());
        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));
        OpsClient ops = new OpsClient(HubLauncher.port(hub), HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        String ada = "E-" + UUID.randomUUID();
        String grace = "E-" + UUID.randomUUID();
        String linus = "E-" + UUID.randomUUID();
        String barbara = "E-" + UUID.randomUUID();

        Instant due = Instant.now().plusSeconds(6);
        String dated = send(sender, ada, due.toString());
        String behind = send(sender, ada, null);
        String today = send(sender, grace, LocalDate.now(ZoneOffset.UTC).toString());
        String undated = send(sender, grace, null);
        String toRelease = send(sender, linus, Instant.now().plusSeconds(8).toString());
        String toCancel = send(sender, barbara, Instant.now().plusSeconds(8).toString());

        // dated today or not dated: at once; other destinations never wait
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(today) == 1 && PAYROLL.deliveredCount(undated) == 1
                && HRIS.deliveredCount(dated) == 1 && HRIS.deliveredCount(toCancel) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> heldIds(ops).containsAll(List.of(dated, toRelease, toCancel)));
        JsonNode listed = ops.json("GET", "/ops/holds?destination=payroll").path("held").get(0);
        assertThat(listed.path("eventId").asText()).as("soonest first").isEqualTo(dated);
        assertThat(Instant.parse(listed.path("until").asText())).isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(listed.path("type").asText()).isEqualTo("compensation.changed");
        assertThat(heldIds(ops)).doesNotContain(behind, today, undated);

        // ops: cancel needs a reason; unknown or not held answers a problem
        assertThat(ops.call("POST", "/ops/holds/payroll/" + toCancel + "/cancel").statusCode()).isEqualTo(400);
        assertThat(ops.call("POST", "/ops/holds/payroll/evt_nope/release").statusCode()).isEqualTo(404);
        assertThat(ops.call("POST", "/ops/holds/payroll/" + today + "/release").statusCode()).isEqualTo(404);
        HttpResponse<String> cancelled = ops.call("POST", "/ops/holds/payroll/" + toCancel + "/cancel?reason=entered+twice");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(ops.call("POST", "/ops/holds/payroll/" + toCancel + "/cancel?reason=again").statusCode()).isEqualTo(409);
        HttpResponse<String> released = ops.call("POST", "/ops/holds/payroll/" + toRelease + "/release");
        assertThat(released.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> PAYROLL.deliveredCount(toRelease) == 1);
        assertThat(PAYROLL.deliveredCount(dated)).as("still held").isZero();
        assertThat(PAYROLL.deliveredCount(behind)).as("the same employee's later event waits behind the held one").isZero();

        // at its date the held event goes, then the one behind it
        await().atMost(Duration.ofSeconds(15)).until(() -> PAYROLL.deliveredCount(dated) == 1 && PAYROLL.deliveredCount(behind) == 1);
        assertThat(PAYROLL.requestsFor(dated).get(0).atMillis()).isGreaterThanOrEqualTo(due.toEpochMilli());
        assertThat(PAYROLL.requestsFor(behind).get(0).atMillis()).isGreaterThanOrEqualTo(PAYROLL.requestsFor(dated).get(0).atMillis());

        // past the other two dates: the released event was not sent again, the cancelled one never
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> PAYROLL.deliveredCount(toRelease) == 1 && PAYROLL.requestsFor(toCancel).isEmpty());
        assertThat(heldIds(ops)).isEmpty();
        assertThat(stages(ops, dated)).contains("held", "hold_ended", "delivered");
        assertThat(stages(ops, toRelease)).contains("held", "hold_released", "delivered");
        assertThat(stages(ops, toCancel)).contains("held", "hold_cancelled").doesNotContain("hold_ended");
        JsonNode cancelStep = null;
        for (JsonNode step : ops.json("GET", "/ops/events/" + toCancel).path("timeline")) {
            if (step.path("stage").asText().equals("hold_cancelled")) {
                cancelStep = step;
            }
        }
        assertThat(cancelStep).isNotNull();
        assertThat(cancelStep.path("detail").asText()).isEqualTo("entered twice");
        assertThat(cancelStep.path("actor").asText()).isEqualTo(HubTestSupport.OPS_USER);
    }

    @Test
    void theRecipeInRoutesReadmeIsAValidConfiguration() throws Exception {
        String yaml = RecipeBook.routesReadme().block("Hold payroll changes", 0);
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("recipe", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addLast);
        environment.getPropertySources().addLast(new MapPropertySource("secret",
                Map.of("hub.destinations.payroll.secret", HubTestSupport.DESTINATION_SECRET)));
        HubProperties hub = Binder.get(environment).bindOrCreate("hub", HubProperties.class);
        HubProperties.Destination payroll = hub.destinations().get("payroll");
        assertThat(payroll.holdUntil()).isEqualTo("jsonpath:$.data.effective_date");
        assertThat(payroll.holdLead()).isEqualTo(Duration.ofDays(2));
        assertThat(payroll.maxHold()).isEqualTo(Duration.ofDays(60));
        assertThat(new HubConfigurationValidator(new StaticListableBeanFactory().getBeanProvider(ConfigurationCheck.class))
                .problems(hub)).isEmpty();
    }

    @Test
    void aHeldEventSurvivesARestart() {
        Map<String, Object> settings = settings();
        hub = HubLauncher.start(settings);
        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));
        OpsClient ops = new OpsClient(HubLauncher.port(hub), HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        Instant due = Instant.now().plusSeconds(10);
        String held = send(sender, "E-" + UUID.randomUUID(), due.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> heldIds(ops).contains(held));
        hub.close();
        hub = HubLauncher.start(settings);
        await().atMost(Duration.ofSeconds(25)).until(() -> PAYROLL.deliveredCount(held) == 1);
        assertThat(PAYROLL.requestsFor(held).get(0).atMillis()).isGreaterThanOrEqualTo(due.toEpochMilli());
    }

    @Test
    void aDateFarAheadIsHeldNoLongerThanMaxHoldAndHoldLeadDeliversEarly() {
        Map<String, Object> settings = settings();
        settings.put("hub.destinations.payroll.max-hold", "4s");
        settings.put("hub.destinations.payroll.hold-lead", "2d");
        hub = HubLauncher.start(settings);
        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));
        long sent = System.currentTimeMillis();
        String nextYear = send(sender, "E-" + UUID.randomUUID(), LocalDate.now(ZoneOffset.UTC).plusYears(1).toString());
        String inTwoDays = send(sender, "E-" + UUID.randomUUID(), LocalDate.now(ZoneOffset.UTC).plusDays(2).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> PAYROLL.deliveredCount(inTwoDays) == 1);
        assertThat(PAYROLL.deliveredCount(nextYear)).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> PAYROLL.deliveredCount(nextYear) == 1);
        assertThat(PAYROLL.requestsFor(nextYear).get(0).atMillis() - sent).isGreaterThanOrEqualTo(3_500);
    }
}
