package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Logs carry ids, sources, types and outcomes: never bodies, signatures or secrets, even when things go wrong. */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest extends HubTestSupport {

    @Test
    void noBodySignatureOrSecretReachesTheLogs(CapturedOutput output) {
        String marker = "SALARY-MARKER-" + UUID.randomUUID();
        String body = "{\"type\":\"compensation.changed\",\"data\":{\"employee_id\":\"E-7\",\"salary\":{\"amount\":1,\"currency\":\"EUR\",\"note\":\"" + marker + "\"},"
                + "\"bank_account\":\"DE89370400440532013000\",\"national_id\":\"123-45-6789\"}}";
        String sourceId = "msg_" + UUID.randomUUID();
        WebhookSender.Post accepted = sender.post("demo", body).signed(SOURCE_SECRET, sourceId);
        String signature = Signing.sign(sourceId, body);
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        PAYROLL.thenAnswerFor(eventId, 503, 400);

        assertThat(accepted.send().statusCode()).isEqualTo(202);
        assertThat(sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(200);
        sender.post("demo", body.replace("E-7", "E-8")).signed(SOURCE_SECRET, "msg_" + UUID.randomUUID())
                .body((body + "tampered").getBytes()).send();
        sender.post("demo", "{\"type\": " + marker).signed(SOURCE_SECRET, "msg_" + UUID.randomUUID()).send();
        sender.post("demo", body).signed(SOURCE_SECRET, "msg_" + UUID.randomUUID()).header("Content-Type",
                "application/x-www-form-urlencoded").send();
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.requestsFor(eventId).size() == 2 && HRIS.deliveredCount(eventId) == 1);

        assertThat(output.getAll()).contains(eventId)
                .doesNotContain(marker)
                .doesNotContain("DE89370400440532013000")
                .doesNotContain("123-45-6789")
                .doesNotContain(signature)
                .doesNotContain(SOURCE_SECRET)
                .doesNotContain(SOURCE_SECRET.substring("whsec_".length()))
                .doesNotContain(DESTINATION_SECRET.substring("whsec_".length()));
    }

    /** The signature the sender put on the request, to look for it in the logs. */
    private static final class Signing {
        static String sign(String id, String body) {
            return io.github.hrwebhookhub.support.Signing.sign(SOURCE_SECRET, id, System.currentTimeMillis() / 1000,
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(3);
        }
    }
}
