package io.github.hrwebhookhub.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.StandaloneBroker;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub reaches an external broker over TLS when its broker URL says so: a standalone Artemis whose only acceptor
 * requires TLS (a key pair made for the test), and a hub trusting that certificate through the URL's trust store.
 */
class ExternalBrokerTlsIT {

    private static final String STORE_PASSWORD = "test-store-password";

    @TempDir
    Path work;

    private StandaloneBroker broker;
    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (broker != null) {
            broker.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    void eventsFlowThroughABrokerThatOnlySpeaksTls() throws Exception {
        Path keyStore = work.resolve("broker.p12");
        Path certificate = work.resolve("broker.crt");
        Path trustStore = work.resolve("hub-trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);
        broker = StandaloneBroker.create(work.resolve("broker")).withTls(keyStore, STORE_PASSWORD).start();
        try (ActiveMQConnectionFactory plain = new ActiveMQConnectionFactory(broker.url() + "?callTimeout=3000",
                StandaloneBroker.USER, StandaloneBroker.PASSWORD)) {
            assertThatThrownBy(() -> plain.createConnection().close()).as("the broker refuses a client without TLS")
                    .isInstanceOf(jakarta.jms.JMSException.class);
        }

        Map<String, Object> settings = new HashMap<>(HubLauncher.settings(work.resolve("hub")));
        settings.put("spring.artemis.broker-url", broker.url() + "?sslEnabled=true;trustStorePath=" + trustStore
                + ";trustStorePassword=" + STORE_PASSWORD + ";trustStoreType=PKCS12");
        settings.put("spring.artemis.user", StandaloneBroker.USER);
        settings.put("spring.artemis.password", StandaloneBroker.PASSWORD);
        settings.put("hub.storage.encryption-key", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        hub = HubLauncher.start(settings);

        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));
        assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, "tls-1", "employee.created").statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", "tls-1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (StubDestination destination : HubTestSupport.ALL) {
                assertThat(destination.deliveredCount(eventId)).as(destination.name()).isEqualTo(1);
            }
        });
    }

    private static void keytool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
