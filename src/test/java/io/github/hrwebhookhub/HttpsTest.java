package io.github.hrwebhookhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.hrwebhookhub.intake.VertxIntakeServer;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** HTTPS with a configured certificate (a Spring SSL bundle), using a certificate the test generates. */
class HttpsTest {

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** servlet: the webhooks on Tomcat's port; vertx: on the intake server's, which serves server.ssl's certificate too. */
    @ParameterizedTest
    @ValueSource(strings = {"servlet", "vertx"})
    void webhooksAreServedOverHttpsWithTheConfiguredCertificate(String engine) throws Exception {
        Path keystore = work.resolve("hub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        Map<String, Object> settings = HubLauncher.settings(work.resolve("data"));
        settings.put("server.ssl.bundle", "hub");
        settings.put("spring.ssl.bundle.jks.hub.keystore.location", "file:" + keystore);
        settings.put("spring.ssl.bundle.jks.hub.keystore.password", "changeit");
        settings.put("spring.ssl.bundle.jks.hub.keystore.type", "PKCS12");
        settings.put("hub.intake.engine", engine);
        settings.put("hub.intake.port", "0");
        hub = HubLauncher.start(settings);
        int port = engine.equals("vertx") ? hub.getBean(VertxIntakeServer.class).port() : HubLauncher.port(hub);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();

        String id = "msg_" + UUID.randomUUID();
        byte[] body = WebhookSender.event("employee.created", "E-1").getBytes();
        long ts = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/webhooks/demo"))
                .header("Content-Type", "application/json").header("webhook-id", id).header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", Signing.sign(HubTestSupport.SOURCE_SECRET, id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("accepted");

        HttpRequest plainRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/demo"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        if (engine.equals("servlet")) {
            HttpResponse<String> plain = HttpClient.newHttpClient().send(plainRequest, HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("plain HTTP is refused on the TLS port").isEqualTo(400);
        } else {
            // the Vert.x server drops a connection that does not start with a TLS handshake
            assertThatThrownBy(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(plainRequest, HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }
}
