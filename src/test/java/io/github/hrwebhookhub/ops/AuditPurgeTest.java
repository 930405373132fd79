package io.github.hrwebhookhub.ops;

import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import io.github.hrwebhookhub.store.PayloadCipher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The audit retention forgets an old event entirely (record, sealed envelope, steps) and keeps a recent one. */
class AuditPurgeTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void purgeForgetsOldEventsWithTheirEnvelopesAndSteps() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        HubProperties hub = HubConfig.of("audit.retention", "30d",
                "storage.encryption-key", Base64.getEncoder().encodeToString(new byte[32]));
        PayloadCipher cipher = new PayloadCipher(hub);
        AuditTrail audit = new AuditTrail(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), hub, cipher, new GroupCommitWriter(jdbc, dataSource));

        store(jdbc, cipher, "evt_old", NOW.minus(Duration.ofDays(31)));
        store(jdbc, cipher, "evt_recent", NOW.minus(Duration.ofDays(1)));

        assertThat(audit.purge()).isEqualTo(2);
        for (String table : new String[] {"hub_event", "hub_event_envelope", "hub_audit"}) {
            assertThat(jdbc.queryForList("SELECT event_id FROM " + table, String.class)).as(table).containsExactly("evt_recent");
        }
        assertThat(audit.envelope("evt_recent")).hasValueSatisfying(envelope -> assertThat(new String(envelope)).isEqualTo("{}"));
    }

    private static void store(JdbcTemplate jdbc, PayloadCipher cipher, String eventId, Instant at) {
        jdbc.update("INSERT INTO hub_event (event_id, source, source_event_id, type, received_at, status, destinations, pending)"
                + " VALUES (?, 'demo', 'msg', 'employee.created', ?, 'delivered', 'payroll', 0)", eventId, at.toEpochMilli());
        jdbc.update("INSERT INTO hub_event_envelope (event_id, envelope) VALUES (?, ?)", eventId, cipher.seal("{}".getBytes()));
        jdbc.update("INSERT INTO hub_audit (event_id, recorded_at, stage) VALUES (?, ?, 'received')", eventId, at.toEpochMilli());
    }
}
