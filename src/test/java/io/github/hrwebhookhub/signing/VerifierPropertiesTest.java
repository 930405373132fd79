package io.github.hrwebhookhub.signing;

import io.github.hrwebhookhub.intake.EventFieldsAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Random bytes and headers thrown at every signature scheme the hub has: none ever accepts them, and none ever fails
 * with anything but the expected rejection. Correctly signed random input is always accepted.
 */
class VerifierPropertiesTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("property test secret 0123456789".getBytes());
    private static final List<SignatureScheme> SCHEMES = allSchemes();

    /** Every SignatureScheme component in the package, so a new vendor is covered without touching this test. */
    private static List<SignatureScheme> allSchemes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(SignatureScheme.class));
        List<SignatureScheme> schemes = new ArrayList<>();
        scanner.findCandidateComponents("io.github.hrwebhookhub.signing").forEach(candidate -> {
            try {
                schemes.add((SignatureScheme) Class.forName(candidate.getBeanClassName()).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(schemes).hasSizeGreaterThan(3);
        return schemes;
    }

    /** Header names every scheme reads, so random values land where the verifiers look. */
    private static final List<String> HEADER_NAMES = List.of("webhook-id", "webhook-timestamp", "webhook-signature", "svix-id",
            "svix-timestamp", "svix-signature", "Finch-Event-Id", "Finch-Timestamp", "Finch-Signature", "X-Hub-Signature-256",
            "Stripe-Signature", "X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Shopify-Hmac-Sha256", "Signature",
            "X-BambooHR-Signature", "X-BambooHR-Timestamp", "X-Workable-Signature", "Ashby-Signature", "X-Merge-Webhook-Signature",
            "X-Gusto-Signature", "x-deel-signature", "x-zm-signature", "x-zm-request-timestamp", "smartrecruiters-signature",
            "smartrecruiters-timestamp", "event-id", "event-name", "event-version", "link", "X-Signature");

    @Provide
    Arbitrary<Map<String, List<String>>> headers() {
        List<Arbitrary<String>> choices = List.of(
                Arbitraries.strings().ofMaxLength(120),
                Arbitraries.strings().withChars("v1,=0123456789abcdefABCDEF+/ ;t").ofMaxLength(200),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("v1,", "sha256=", "sha256 ", "v0=", "t=1,v1=", "", " "));
        Arbitrary<String> values = Arbitraries.oneOf(choices);
        return Combinators.combine(Arbitraries.of(HEADER_NAMES).list().ofMaxSize(12), values.list().ofSize(12))
                .as((names, vals) -> {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        headers.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(vals.get(i));
                    }
                    return headers;
                });
    }

    private static VerificationContext context(SignatureScheme scheme) {
        byte[] key;
        try {
            key = scheme.key(SECRET);
        } catch (IllegalArgumentException e) {
            key = SECRET.getBytes();
        }
        HubProperties.Source source = HubConfig.source();
        return new VerificationContext(List.of(key), Duration.ofMinutes(5), Instant.now(), source);
    }

    @Property(tries = 300)
    void randomInputIsNeverAcceptedAndOnlyEverRejectedCleanly(@ForAll("headers") Map<String, List<String>> headers,
                                                            @ForAll @Size(max = 2048) byte[] body) {
        SignedRequest request = new SignedRequest(headers, body);
        for (SignatureScheme scheme : SCHEMES) {
            if (scheme.name().equals("none")) {
                continue; // accepts everything by design, and only with allow-unsigned (checked at startup)
            }
            try {
                scheme.verify(request, context(scheme));
                fail(scheme.name() + " accepted a random request");
            } catch (InvalidSignatureException expected) {
                // the only acceptable outcome
            } catch (RuntimeException e) {
                fail(scheme.name() + " failed with " + e + " instead of rejecting");
            }
        }
    }

    @Property(tries = 200)
    void correctlySignedRandomBodiesAreAlwaysAccepted(@ForAll @Size(max = 4096) byte[] body,
                                                      @ForAll("ids") String id) {
        StandardWebhooksScheme scheme = new StandardWebhooksScheme();
        long now = Instant.now().getEpochSecond();
        Map<String, List<String>> headers = Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(StandardWebhooksScheme.sign(scheme.key(SECRET), id, now, body)));
        assertThatCode(() -> scheme.verify(new SignedRequest(headers, body), context(scheme))).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(1).ofMaxLength(64);
    }

    @Property(tries = 300)
    void eventIdAndTypeExtractionNeverThrows(@ForAll("headers") Map<String, List<String>> headers, @ForAll("json") String json) {
        SignedRequest request = new SignedRequest(headers, json.getBytes());
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(json);
        } catch (Exception notJson) {
            return; // the intake answers 400 before extraction
        }
        if (body == null || !body.isObject()) {
            return;
        }
        for (List<String> locations : List.of(List.of("jsonpath:$.id", "sha256"), List.of("jsonpath:$.type"),
                List.of("jsonpath:$.data.employee_id"), List.of("header:webhook-id", "jsonpath:$..id"), List.of("jsonpath:$.a[0].b"))) {
            assertThatCode(() -> EventFieldsAccess.read(locations, request, body)).doesNotThrowAnyException();
        }
    }

    @Provide
    Arbitrary<String> json() {
        List<Arbitrary<String>> scalars = List.of(
                Arbitraries.strings().alpha().numeric().ofMaxLength(20).map(s -> "\"" + s + "\""),
                Arbitraries.integers().map(n -> Integer.toString(n)),
                Arbitraries.of("null", "true", "[]", "{}", "[1,{\"b\":2}]"));
        Arbitrary<String> scalar = Arbitraries.oneOf(scalars);
        return Combinators.combine(Arbitraries.of("id", "type", "data", "a", "employee_id").list().ofMaxSize(5), scalar.list().ofSize(5))
                .as((keys, values) -> {
                    StringBuilder out = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        out.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":").append(values.get(i));
                    }
                    return out.append('}').toString();
                });
    }
}
