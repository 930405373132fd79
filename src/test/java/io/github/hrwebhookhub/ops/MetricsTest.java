package io.github.hrwebhookhub.ops;

import io.github.hrwebhookhub.metrics.HubMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/** The hub_* metrics move as events flow, are rejected, fail and are dead-lettered. */
@AutoConfigureObservability // tests switch metrics export off unless asked
class MetricsTest extends HubTestSupport {

    @Autowired
    private HubMetrics metrics;

    /** The value of the first sample of this metric whose labels include all the given ones, or NaN. */
    static double sample(String scrape, String metric, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private String scrape() {
        return new OpsClient(port, OPS_USER, OPS_PASSWORD).call("GET", "/actuator/prometheus").body();
    }

    /** Every hub_ or camel_ metric a dashboard panel or an alert rule queries is one this hub exports. */
    @Test
    void everyMetricTheDashboardAndAlertsQueryIsExported() throws Exception {
        sender.sendEvent("demo", SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created");
        sender.post("demo", "{}").send();
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("hub_delivery_latency_seconds_bucket"));
        String scrape = scrape();

        java.util.List<String> expressions = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.nio.file.Path.of("monitoring/grafana/hr-webhook-hub.dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        java.util.Map<String, Object> rules = new org.yaml.snakeyaml.Yaml().load(
                java.nio.file.Files.readString(java.nio.file.Path.of("monitoring/prometheus/hub-alerts.yml")));
        for (Object group : (java.util.List<?>) rules.get("groups")) {
            for (Object rule : (java.util.List<?>) ((java.util.Map<?, ?>) group).get("rules")) {
                java.util.Map<?, ?> r = (java.util.Map<?, ?>) rule;
                assertThat(r.get("alert")).as("every rule is an alert with a name").isNotNull();
                assertThat(r.get("annotations")).as(r.get("alert") + " has a summary").isNotNull();
                expressions.add((String) r.get("expr"));
            }
        }
        assertThat(expressions).hasSizeGreaterThan(10);
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(hub_[a-z_]+|camel_[a-z_]+)").matcher(String.join("\n", expressions));
        java.util.Set<String> queried = new java.util.TreeSet<>();
        while (names.find()) {
            queried.add(names.group(1));
        }
        assertThat(queried).contains("hub_events_received_total", "hub_deliveries_total", "hub_queue_depth",
                "hub_oldest_undelivered_age_seconds", "hub_destination_circuit_state", "hub_accept_latency_seconds_bucket",
                "hub_delivery_latency_seconds_bucket");
        for (String metric : queried) {
            assertThat(scrape).as("exported: " + metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
    }

    @Test
    void metricsMoveAsEventsFlowAndFail() throws InterruptedException {
        String ok = "msg_" + UUID.randomUUID();
        String okId = CanonicalEvents.eventId("demo", ok);
        PAYROLL.thenAnswerFor(okId, 503);
        sender.sendEvent("demo", SOURCE_SECRET, ok, "employee.created");
        sender.sendEvent("demo", SOURCE_SECRET, ok, "employee.created");
        sender.post("demo", "{}").signed(SOURCE_SECRET, "x").body("{\"x\":1}".getBytes()).send();
        String bad = "msg_" + UUID.randomUUID();
        String badId = CanonicalEvents.eventId("demo", bad);
        PAYROLL.thenAnswerFor(badId, 400);
        sender.sendEvent("demo", SOURCE_SECRET, bad, "deduction.modified");
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(okId) == 1 && HRIS.deliveredCount(okId) == 1
                && PAYROLL.requestsFor(badId).size() == 1);
        Thread.sleep(1100);
        metrics.refreshOldestUndelivered();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(sample(scrape, "hub_events_received_total", "outcome=\"accepted\"", "source=\"demo\"")).isGreaterThanOrEqualTo(2);
            assertThat(sample(scrape, "hub_events_received_total", "outcome=\"duplicate\"", "source=\"demo\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_events_received_total", "outcome=\"rejected\"", "reason=\"invalid_signature\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_deliveries_total", "destination=\"payroll\"", "outcome=\"retried\"", "status_class=\"5xx\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_deliveries_total", "destination=\"payroll\"", "outcome=\"delivered\"", "status_class=\"2xx\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_deliveries_total", "destination=\"payroll\"", "outcome=\"dead_lettered\"", "status_class=\"4xx\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_queue_depth", "queue=\"hr.dlq.payroll\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_queue_depth", "queue=\"hr.events\"")).isGreaterThanOrEqualTo(0);
            assertThat(sample(scrape, "hub_accept_latency_seconds_count", "source=\"demo\"")).isGreaterThanOrEqualTo(2);
            assertThat(sample(scrape, "hub_accept_latency_seconds_bucket", "source=\"demo\"", "le=\"+Inf\"")).isGreaterThanOrEqualTo(2);
            assertThat(sample(scrape, "hub_delivery_latency_seconds_count", "destination=\"hris\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_delivery_latency_seconds_bucket", "destination=\"payroll\"", "le=\"+Inf\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_oldest_undelivered_age_seconds", "destination=\"payroll\"")).as("the dead-lettered deduction")
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(scrape, "hub_oldest_undelivered_age_seconds", "destination=\"messaging\"")).isEqualTo(0);
            assertThat(sample(scrape, "hub_destination_circuit_state", "destination=\"payroll\"")).isEqualTo(0);
            assertThat(sample(scrape, "camel_exchanges_total", "routeId=\"intake\"")).as("Camel's own route metrics stay on").isPositive();
        });
    }
}
