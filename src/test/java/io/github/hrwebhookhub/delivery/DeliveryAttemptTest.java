package io.github.hrwebhookhub.delivery;

import io.github.hrwebhookhub.metrics.QueueDepths;
import io.github.hrwebhookhub.support.HubConfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import io.github.hrwebhookhub.metrics.HubMetrics;
import io.github.hrwebhookhub.store.PayloadCipher;
import org.apache.camel.Exchange;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** One attempt's classification, without a broker: connection errors, timeouts, Retry-After. */
class DeliveryAttemptTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("unit test secret 0123".getBytes());
    private final Clock clock = Clock.systemUTC();
    private final JdbcTemplate jdbc = inMemoryDatabase();

    /** A real (in-memory H2) database with the hub's schema, for the audit trail. */
    private static JdbcTemplate inMemoryDatabase() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        return new JdbcTemplate(dataSource);
    }

    private HubProperties hub;

    private DeliveryAttempt attemptAgainst(String url, HubProperties.Retry retry, Duration timeout) {
        HubProperties hub = HubConfig.of("storage.encryption-key", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "destinations.payroll.url", url, "destinations.payroll.secret", SECRET,
                "destinations.payroll.timeout", timeout.toMillis() + "ms",
                "destinations.payroll.retry", java.util.Map.of("max-attempts", retry.maxAttempts(),
                        "initial", retry.initial().toMillis() + "ms", "multiplier", retry.multiplier(),
                        "max-delay", retry.maxDelay().toMillis() + "ms", "jitter", retry.jitter()));
        this.hub = hub;
        ObjectMapper json = new ObjectMapper();
        Destinations destinations = new Destinations(hub, new PayloadMappings(List.of(new CloudEventMapping())));
        DestinationGuards guards = new DestinationGuards(hub, new org.apache.camel.impl.DefaultCamelContext(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        PayloadCipher cipher = new PayloadCipher(hub);
        GroupCommitWriter writer = new GroupCommitWriter(jdbc, jdbc.getDataSource());
        AuditTrail audit = new AuditTrail(jdbc, clock, hub, cipher, writer);
        org.springframework.beans.factory.support.StaticListableBeanFactory noBeans = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        HubMetrics metrics = new HubMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), hub, clock, audit,
                new QueueDepths(noBeans.getBeanProvider(org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class),
                        noBeans.getBeanProvider(jakarta.jms.ConnectionFactory.class), "activemq.management", java.time.Duration.ofSeconds(1)), writer);
        return new DeliveryAttempt(destinations, json, clock, audit, guards, new Ordering(jdbc, clock, json, hub), cipher, metrics,
                new DestinationClient());
    }

    /** The delivery route's steps, in the order of routes/delivery.camel.yaml, stopping where the route stops. */
    private static void deliver(DeliveryAttempt attempt, Exchange exchange) throws Exception {
        attempt.prepare(exchange);
        if ("delivered".equals(exchange.getIn().getHeader(HubHeaders.OUTCOME))) {
            return;
        }
        attempt.map(exchange);
        attempt.awaitTurn(exchange);
        if ("retry".equals(exchange.getIn().getHeader(HubHeaders.OUTCOME))) {
            return;
        }
        attempt.circuitBreaker(exchange);
        if ("retry".equals(exchange.getIn().getHeader(HubHeaders.OUTCOME))) {
            return;
        }
        attempt.throttle(exchange);
        attempt.sign(exchange);
        attempt.send(exchange);
        attempt.record(exchange);
    }

    private static Exchange event(int attempt) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(HubHeaders.DESTINATION, "payroll");
        exchange.getIn().setHeader(HubHeaders.EVENT_ID, "evt_1");
        exchange.getIn().setHeader(HubHeaders.ATTEMPT, attempt);
        exchange.getIn().setBody("{\"id\":\"evt_1\",\"type\":\"employee.created\",\"data\":{}}");
        return exchange;
    }

    private static HubProperties.Retry retry(int maxAttempts) {
        return new HubProperties.Retry(maxAttempts, Duration.ofSeconds(1), 4, Duration.ofMinutes(10), 0, List.of());
    }

    @Test
    void connectionRefusedIsRetriedWithTheErrorRecorded() throws Exception {
        StubDestination closed = new StubDestination("closed");
        String url = closed.url();
        closed.close();
        Exchange exchange = event(1);
        long before = System.currentTimeMillis();

        deliver(attemptAgainst(url, retry(3), Duration.ofSeconds(2)), exchange);

        assertThat(exchange.getIn().getHeader(HubHeaders.OUTCOME)).isEqualTo("retry");
        assertThat(exchange.getIn().getHeader(HubHeaders.LAST_STATUS)).isEqualTo(0);
        assertThat(exchange.getIn().getHeader(HubHeaders.LAST_ERROR, String.class)).startsWith("connection failed");
        assertThat(exchange.getIn().getHeader(HubHeaders.ATTEMPT)).isEqualTo(2);
        assertThat(exchange.getIn().getHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, Long.class)).isBetween(before + 900, before + 5_000);
        assertThat(jdbc.queryForObject("SELECT detail FROM hub_audit WHERE event_id = 'evt_1' AND stage = 'attempt'", String.class))
                .startsWith("retry: connection failed");
    }

    @Test
    void lastAttemptThatTimesOutIsDeadWithTheReason() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Exchange exchange = event(3);
            deliver(attemptAgainst("http://127.0.0.1:" + silent.getLocalPort() + "/", retry(3), Duration.ofMillis(300)), exchange);
            assertThat(exchange.getIn().getHeader(HubHeaders.OUTCOME)).isEqualTo("dead");
            assertThat(exchange.getIn().getHeader(HubHeaders.DEAD_REASON, String.class)).contains("gave up after 3 attempts").contains("timed out");
        }
    }

    @Test
    void retryAfterFromTheDestinationIsHonoured() throws Exception {
        try (StubDestination busy = new StubDestination("busy")) {
            busy.alwaysAnswer(429).retryAfter("120");
            Exchange exchange = event(1);
            long before = System.currentTimeMillis();
            deliver(attemptAgainst(busy.url(), retry(5), Duration.ofSeconds(2)), exchange);
            assertThat(exchange.getIn().getHeader(HubHeaders.OUTCOME)).isEqualTo("retry");
            assertThat(exchange.getIn().getHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, Long.class))
                    .isBetween(before + 119_000, before + 125_000);
        }
    }

    @Test
    void redeliveredMessageWhoseEventAlreadyReachedTheDestinationIsNotSentAgain() throws Exception {
        try (StubDestination payroll = new StubDestination("payroll")) {
            DeliveryAttempt attempt = attemptAgainst(payroll.url(), retry(3), Duration.ofSeconds(2));
            long sentAt = System.currentTimeMillis() - 1_000;
            Exchange first = event(1);
            first.getIn().setHeader("JMSTimestamp", sentAt);
            deliver(attempt, first);
            assertThat(first.getIn().getHeader(HubHeaders.OUTCOME)).isEqualTo("delivered");
            assertThat(payroll.requests()).hasSize(1);

            // the broker delivers the same message again: its transaction was rolled back after the POST
            Exchange again = event(1);
            again.getIn().setHeader("JMSRedelivered", true);
            again.getIn().setHeader("JMSTimestamp", sentAt);
            deliver(attempt, again);

            assertThat(again.getIn().getHeader(HubHeaders.OUTCOME)).isEqualTo("delivered");
            assertThat(payroll.requests()).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit WHERE event_id = 'evt_1' AND stage = 'delivered'", Integer.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void redeliveredMessageSentAfterTheLastDeliveryIsSent() throws Exception {
        try (StubDestination payroll = new StubDestination("payroll")) {
            DeliveryAttempt attempt = attemptAgainst(payroll.url(), retry(3), Duration.ofSeconds(2));
            deliver(attempt, event(1));
            assertThat(payroll.requests()).hasSize(1);

            // e.g. an ops redelivery, sent after that delivery, then rolled back and delivered again by the broker
            Exchange later = event(1);
            later.getIn().setHeader("JMSRedelivered", true);
            later.getIn().setHeader("JMSTimestamp", System.currentTimeMillis() + 1_000);
            deliver(attempt, later);
            assertThat(payroll.requests()).hasSize(2);

            // and a redelivered message of an event never delivered there goes out as usual
            Exchange other = event(1);
            other.getIn().setHeader(HubHeaders.EVENT_ID, "evt_2");
            other.getIn().setHeader("JMSRedelivered", true);
            other.getIn().setHeader("JMSTimestamp", System.currentTimeMillis() - 60_000);
            deliver(attempt, other);
            assertThat(payroll.requests()).hasSize(3);
        }
    }

    @Test
    void backoffGrowsExponentiallyUpToTheMaximum() {
        HubProperties.Retry retry = new HubProperties.Retry(8, Duration.ofSeconds(1), 4, Duration.ofSeconds(30), 0, List.of());
        assertThat(RetryPolicy.delayAfter(1, retry, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.delayAfter(2, retry, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RetryPolicy.delayAfter(3, retry, null)).isEqualTo(Duration.ofSeconds(16));
        assertThat(RetryPolicy.delayAfter(4, retry, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.delayAfter(2, retry, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", Instant.parse("2026-10-21T07:27:00Z")))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryPolicy.parseRetryAfter("soon", Instant.now())).isNull();
    }

    @Test
    void explicitScheduleReplacesTheBackoffAndSetsTheAttempts() {
        HubProperties.Retry retry = new HubProperties.Retry(99, Duration.ofSeconds(1), 4, Duration.ofMinutes(10), 0,
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)));
        assertThat(retry.attempts()).isEqualTo(5);
        assertThat(RetryPolicy.delayAfter(1, retry, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.delayAfter(3, retry, null)).isEqualTo(Duration.ofMinutes(30));
        assertThat(RetryPolicy.delayAfter(4, retry, null)).isEqualTo(Duration.ofHours(2));
        assertThat(RetryPolicy.delayAfter(2, retry, Duration.ofDays(1))).as("Retry-After capped at the longest wait").isEqualTo(Duration.ofHours(2));
    }

    @Test
    void jitterSpreadsDelaysWithinItsFraction() {
        HubProperties.Retry retry = new HubProperties.Retry(8, Duration.ofSeconds(1), 4, Duration.ofMinutes(10), 0.2, List.of());
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long millis = RetryPolicy.delayAfter(2, retry, null).toMillis();
            assertThat(millis).isBetween(3200L, 4800L);
            seen.add(millis);
        }
        assertThat(seen.size()).as("delays differ").isGreaterThan(20);
    }

    @Test
    void onlyRetryableStatusesAreRetried() {
        assertThat(List.of(0, 408, 429, 500, 502, 503, 504)).allMatch(RetryPolicy::retryable);
        assertThat(List.of(400, 401, 403, 404, 409, 410, 422)).noneMatch(RetryPolicy::retryable);
    }
}
