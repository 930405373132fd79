package io.github.hrwebhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.hrwebhookhub.support.HubConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.unit.DataSize;

/**
 * The configuration records and their one validator: an empty configuration means the documented defaults, and a
 * configuration with several problems is judged once, listing each with the key to fix and never the value.
 */
class HubConfigurationValidatorTest {

    private static HubConfigurationValidator validator(ConfigurationCheck... checks) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < checks.length; i++) {
            beans.addBean("check" + i, checks[i]);
        }
        return new HubConfigurationValidator(beans.getBeanProvider(ConfigurationCheck.class));
    }

    @Test
    void anEmptyConfigurationIsTheDocumentedDefaults() {
        HubProperties hub = HubConfig.defaults();
        assertThat(hub.dataDir()).isEqualTo(Path.of("data"));
        assertThat(hub.routesDir()).isEqualTo(Path.of("routes"));
        assertThat(hub.reloadMappings()).isFalse();
        assertThat(hub.limits()).isEqualTo(new HubProperties.Limits(DataSize.ofMegabytes(1), 64, Duration.ofSeconds(30)));
        assertThat(hub.dedup()).isEqualTo(new HubProperties.Dedup(Duration.ofDays(7), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofHours(1)));
        assertThat(hub.intake()).isEqualTo(new HubProperties.Intake("servlet", 8082, "0.0.0.0", 64, Duration.ofSeconds(20)));
        assertThat(hub.intake().isVertx()).isFalse();
        assertThat(hub.sandbox()).isEqualTo(new HubProperties.Sandbox(true, 100));
        assertThat(hub.ops().username()).isEqualTo("ops");
        assertThat(hub.ops().password()).isNull();
        assertThat(hub.ops().users()).isEmpty();
        assertThat(hub.ops().redactFields()).contains("salary", "iban", "national_id", "ssn", "date_of_birth").hasSize(15);
        assertThat(hub.network().trustedProxies()).isEmpty();
        assertThat(hub.storage().encryptionKey()).isNull();
        assertThat(hub.storage().previousKeys()).isEmpty();
        assertThat(hub.audit().retention()).isEqualTo(Duration.ofDays(400));
        assertThat(hub.broker()).isEqualTo(new HubProperties.Broker(Duration.ofSeconds(4), 16, Duration.ofMillis(20),
                Duration.ofMillis(1), "activemq.management"));
        assertThat(hub.sources()).isEmpty();
        assertThat(hub.destinations()).isEmpty();
        assertThat(validator().problems(hub)).isEmpty();
    }

    @Test
    void eachSourceAndDestinationStartsFromTheDefaults() {
        HubProperties hub = HubConfig.of("sources.acme.secrets", List.of("s"), "destinations.payroll.secret", "whsec_x",
                "sources.lever.scheme", "lever", "sources.lever.secrets", List.of("t"),
                "sources.lever.hmac.header", "X-Other", "destinations.hris.retry.max-attempts", "3");
        HubProperties.Source acme = hub.sources().get("acme");
        assertThat(acme.scheme()).isEqualTo("standard-webhooks");
        assertThat(acme.tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(acme.rateLimit()).isZero();
        assertThat(acme.allowUnsigned()).isFalse();
        assertThat(acme.typeMap()).isEmpty();
        assertThat(acme.allowFrom()).isEmpty();
        assertThat(acme.hmac()).isEqualTo(new HubProperties.Hmac("X-Signature", "HmacSHA256", "hex", "", "{body}", null));
        assertThat(hub.sources().get("lever").hmac().header()).isEqualTo("X-Other");
        assertThat(hub.sources().get("lever").hmac().algorithm()).as("the rest of a nested record keeps its defaults")
                .isEqualTo("HmacSHA256");
        HubProperties.Destination payroll = hub.destinations().get("payroll");
        assertThat(payroll.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(payroll.mapping()).isEqualTo("cloudevent");
        assertThat(payroll.rate()).isZero();
        assertThat(payroll.maxConcurrency()).isZero();
        assertThat(payroll.orderingKey()).isNull();
        assertThat(payroll.holds()).isFalse();
        assertThat(payroll.holdLead()).isEqualTo(Duration.ZERO);
        assertThat(payroll.maxHold()).isEqualTo(Duration.ofDays(90));
        assertThat(payroll.retry()).isEqualTo(new HubProperties.Retry(8, Duration.ofSeconds(1), 4, Duration.ofHours(2), 0.2, List.of()));
        assertThat(payroll.retry().attempts()).isEqualTo(8);
        assertThat(payroll.circuitBreaker()).isEqualTo(new HubProperties.CircuitBreaker(true, 50, 20, 50, Duration.ofSeconds(30), 3));
        assertThat(hub.destinations().get("hris").retry().maxAttempts()).isEqualTo(3);
        assertThat(hub.destinations().get("hris").retry().multiplier()).isEqualTo(4);
    }

    @Test
    void everyProblemIsListedAtOnceWithTheKeyToFix() {
        HubProperties hub = HubConfig.of(
                "limits.max-json-depth", "0",
                "intake.engine", "netty",
                "intake.port", "70000",
                "ops.username", " ",
                "ops.users[0].username", "auditor",
                "ops.users[0].roles", List.of("OPS", "ROOT"),
                "broker.commit-batch-size", "0",
                "dedup.retention", "0s",
                "destinations.payroll.secret", "whsec_x",
                "destinations.payroll.timeout", "0s",
                "destinations.payroll.rate", "-1",
                "destinations.payroll.max-concurrency", "-2",
                "destinations.payroll.ordering-key", "$.data.employee_id",
                "destinations.payroll.hold-until", "$.data.effective_date",
                "destinations.payroll.hold-lead", "-1d",
                "destinations.payroll.retry.max-attempts", "0",
                "destinations.payroll.retry.jitter", "1.5",
                "destinations.payroll.retry.initial", "10m",
                "destinations.payroll.retry.max-delay", "1m",
                "destinations.payroll.circuit-breaker.failure-rate-threshold", "120",
                "sources.acme.tolerance", "-5m",
                "sources.acme.rate-limit", "-3");
        List<String> problems = validator(h -> List.of("hub.sources.acme.secrets: a contributed check's problem")).problems(hub);
        assertThat(problems).contains(
                "hub.limits.max-json-depth: must be greater than or equal to 1",
                "hub.intake.engine: must be servlet or vertx",
                "hub.intake.port: must be less than or equal to 65535",
                "hub.ops.username: must not be blank",
                "hub.ops.users[0].password: must not be blank",
                "hub.ops.users[0].roles[1]: must be OPS or PII",
                "hub.broker.commit-batch-size: must be at least 1 (1 commits every message on its own)",
                "hub.destinations.payroll.timeout: must be a positive duration such as 500ms, 30s, 5m or 7d",
                "hub.dedup.retention: must be a positive duration such as 500ms, 30s, 5m or 7d",
                "hub.sources.acme.tolerance: must be a positive duration such as 500ms, 30s, 5m or 7d",
                "hub.destinations.payroll.rate: must be greater than or equal to 0",
                "hub.destinations.payroll.max-concurrency: must be greater than or equal to 0",
                "hub.destinations.payroll.ordering-key: must be jsonpath:EXPR",
                "hub.destinations.payroll.hold-until: must be jsonpath:EXPR",
                "hub.destinations.payroll.hold-lead: must not be negative",
                "hub.destinations.payroll.retry.max-attempts: must be greater than or equal to 1",
                "hub.destinations.payroll.retry.jitter: must be less than 1",
                "hub.destinations.payroll.retry.max-delay: must not be shorter than retry.initial",
                "hub.destinations.payroll.circuit-breaker.failure-rate-threshold: must be less than or equal to 100",
                "hub.sources.acme.rate-limit: must be greater than or equal to 0",
                "hub.sources.acme.secrets: a contributed check's problem");
        assertThat(problems).hasSize(21);
        assertThat(String.join("\n", problems)).as("no configured value is repeated back")
                .doesNotContain("netty", "70000", "auditor", "ROOT", "whsec_x", "$.data.employee_id", "120");
    }

    @Test
    void theValidatorJudgesOnlyTheHubsConfiguration() {
        assertThat(validator().supports(HubProperties.class)).isTrue();
        assertThat(validator().supports(HubProperties.Destination.class)).as("judged as part of the whole tree").isFalse();
        assertThat(validator().supports(Object.class)).isFalse();
    }

    @Test
    void theShippedApplicationYamlPasses() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource("src/main/resources/application.yaml"))
                .forEach(environment.getPropertySources()::addLast);
        HubProperties hub = Binder.get(environment).bindOrCreate("hub", HubProperties.class);
        assertThat(hub.destinations()).containsOnlyKeys("payroll", "hris", "messaging");
        assertThat(hub.sources()).containsKey("demo");
        assertThat(validator().problems(hub)).isEmpty();
    }
}
