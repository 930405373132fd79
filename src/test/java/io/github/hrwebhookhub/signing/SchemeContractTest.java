package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.TOLERANCE;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.eventId;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.eventType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.hrwebhookhub.signing.SchemeFixture.BodyField;
import io.github.hrwebhookhub.signing.SchemeFixture.Malformed;
import io.github.hrwebhookhub.signing.SchemeFixture.Part;
import io.github.hrwebhookhub.signing.SchemeFixture.Tamper;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The contract every signature scheme meets, checked on one correctly signed request per vendor ({@link SchemeFixtures},
 * each with its vendor sample, secret, headers and where the signature came from):
 * <ul>
 * <li>the signed sample verifies, whatever the case of the header names, and with its secret among several (rotation);</li>
 * <li>a tampered body, another secret, each signature header (or Lever's body field) missing or sent twice, and each
 * malformed signature value are rejected with {@link InvalidSignatureException} and nothing else, and no rejection's
 * message contains a secret or the signature;</li>
 * <li>a timestamped scheme rejects a request outside the tolerance (Stripe's only when it is old) and a changed
 * timestamp, and accepts one at the tolerance's edge; a scheme without a timestamp verifies at any time;</li>
 * <li>the event id and type are read from the signed request where the scheme says, the type map is the vendor's event
 * names to canonical types, and the scheme is configured under its name;</li>
 * <li>every {@link SignatureScheme} in the package has a row, so a vendor cannot be added without one.</li>
 * </ul>
 * What only one vendor does is in {@link SchemeEdgeCasesTest}.
 */
class SchemeContractTest {

    /** Schemes that cannot meet the contract, and where they are tested instead. */
    private static final Map<Class<? extends SignatureScheme>, String> WITHOUT_A_ROW = Map.of(
            NoneScheme.class, "checks no signature: it accepts a request only with allow-unsigned (SchemeEdgeCasesTest.None)");

    static List<SchemeFixture> fixtures() {
        return SchemeFixtures.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void signedSampleVerifies(SchemeFixture fixture) {
        assertThatCode(() -> fixture.verify(fixture.request())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void headerNamesInAnyCaseVerify(SchemeFixture fixture) {
        if (fixture.headers().isEmpty()) {
            // nothing to re-case: the scheme reads no header at all
            assertThat(fixture.parts()).as("%s sends no header, so its signature is in the body", fixture)
                    .allMatch(BodyField.class::isInstance);
        }
        assertSoftly(softly -> {
            softly.assertThatCode(() -> fixture.verify(fixture.withHeaderNames(name -> name.toLowerCase(Locale.ROOT))))
                    .as("%s, lower-case header names", fixture).doesNotThrowAnyException();
            softly.assertThatCode(() -> fixture.verify(fixture.withHeaderNames(name -> name.toUpperCase(Locale.ROOT))))
                    .as("%s, upper-case header names", fixture).doesNotThrowAnyException();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void tamperedBodyFails(SchemeFixture fixture) {
        assertSoftly(softly -> {
            for (Tamper tamper : fixture.tampers()) {
                rejected(softly, fixture, "tampered: " + tamper.description(), fixture.withBody(fixture.tampered(tamper)),
                        fixture.verifyAt(), fixture.secret()).hasMessage("no signature matches");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anotherSecretFails(SchemeFixture fixture) {
        assertSoftly(softly -> rejected(softly, fixture, "verified with another secret", fixture.request(), fixture.verifyAt(),
                fixture.otherSecret()).hasMessage("no signature matches"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void itsSecretAmongSeveralVerifiesDuringRotation(SchemeFixture fixture) {
        assertSoftly(softly -> {
            softly.assertThatCode(() -> fixture.verify(fixture.request(), fixture.verifyAt(), fixture.otherSecret(), fixture.secret()))
                    .as("%s, retired secret first", fixture).doesNotThrowAnyException();
            softly.assertThatCode(() -> fixture.verify(fixture.request(), fixture.verifyAt(), fixture.secret(), fixture.otherSecret()))
                    .as("%s, new secret second", fixture).doesNotThrowAnyException();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void missingSignatureHeaderFails(SchemeFixture fixture) {
        assertSoftly(softly -> {
            for (Part part : fixture.parts()) {
                rejected(softly, fixture, "without " + part, fixture.without(part), fixture.verifyAt(), fixture.secret());
            }
            rejected(softly, fixture, "without any signature part", fixture.withoutAnyPart(), fixture.verifyAt(), fixture.secret());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void repeatedSignatureHeaderFails(SchemeFixture fixture) {
        assertSoftly(softly -> {
            for (Part part : fixture.parts()) {
                rejected(softly, fixture, part + " sent twice", fixture.repeated(part), fixture.verifyAt(), fixture.secret());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void malformedSignatureValueFails(SchemeFixture fixture) {
        assertSoftly(softly -> {
            for (Malformed bad : fixture.malformed()) {
                rejected(softly, fixture, bad.part() + " = '" + bad.value() + "'", fixture.with(bad.part(), bad.value()),
                        fixture.verifyAt(), fixture.secret());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void timestampIsSignedAndMustBeRecentUnlessTheSchemeHasNone(SchemeFixture fixture) {
        Instant signedAt = Instant.ofEpochSecond(fixture.signedAt());
        Duration justOutside = TOLERANCE.plusSeconds(1);
        assertSoftly(softly -> {
            switch (fixture.clock()) {
                case NONE -> {
                    for (Instant anyTime : List.of(Instant.EPOCH, fixture.verifyAt().plus(Duration.ofDays(3650)))) {
                        accepted(softly, fixture, "no timestamp, verified at " + anyTime, fixture.request(), anyTime);
                    }
                }
                case BOTH_WAYS, PAST_ONLY -> {
                    accepted(softly, fixture, "at the tolerance after", fixture.request(), signedAt.plus(TOLERANCE));
                    accepted(softly, fixture, "at the tolerance before", fixture.request(), signedAt.minus(TOLERANCE));
                    rejected(softly, fixture, "too old", fixture.request(), signedAt.plus(justOutside), fixture.secret())
                            .hasMessageContaining("tolerance");
                    if (fixture.clock() == SchemeFixture.Clock.BOTH_WAYS) {
                        rejected(softly, fixture, "from the future", fixture.request(), signedAt.minus(justOutside), fixture.secret())
                                .hasMessageContaining("tolerance");
                    } else {
                        accepted(softly, fixture, "an hour in the future", fixture.request(), signedAt.minus(Duration.ofHours(1)));
                    }
                    String sent = Long.toString(fixture.signedAt());
                    String other = Long.toString(fixture.signedAt() + 1);
                    rejected(softly, fixture, "timestamp changed by a second", fixture.withHeaderValues(v -> v.replace(sent, other)),
                            fixture.verifyAt(), fixture.secret()).hasMessage("no signature matches");
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eventIdAndTypeAreReadFromTheSignedRequest(SchemeFixture fixture) {
        SignedRequest request = fixture.request();
        assertThat(eventId(fixture.scheme(), request)).as("%s event id from %s", fixture, fixture.sample()).isEqualTo(fixture.eventId());
        assertThat(eventType(fixture.scheme(), request)).as("%s event type from %s", fixture, fixture.sample()).isEqualTo(fixture.eventType());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void typeMapIsTheVendorsEventNamesToCanonicalTypes(SchemeFixture fixture) {
        assertThat(fixture.scheme().typeMap()).as(fixture.toString()).isEqualTo(fixture.typeMap());
        for (String unmapped : fixture.unmapped()) {
            assertThat(fixture.scheme().typeMap()).as("%s leaves %s unmapped on purpose", fixture, unmapped).doesNotContainKey(unmapped);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void schemeIsConfiguredUnderItsName(SchemeFixture fixture) {
        assertThat(fixture.scheme().name()).isEqualTo(fixture.name());
    }

    /** Every SignatureScheme component in the package, scanned like VerifierPropertiesTest, has a row or a reason. */
    @Test
    void everySignatureSchemeHasAFixture() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(SignatureScheme.class));
        Set<String> schemes = new TreeSet<>();
        scanner.findCandidateComponents(SignatureScheme.class.getPackageName())
                .forEach(candidate -> schemes.add(candidate.getBeanClassName()));
        Set<String> covered = new HashSet<>();
        fixtures().forEach(fixture -> covered.add(fixture.scheme().getClass().getName()));
        WITHOUT_A_ROW.keySet().forEach(scheme -> covered.add(scheme.getName()));
        assertThat(schemes).hasSizeGreaterThan(10);
        assertThat(covered).as("add a row to SchemeFixtures for each new scheme").containsExactlyInAnyOrderElementsOf(schemes);
    }

    private static void accepted(SoftAssertions softly, SchemeFixture fixture, String what, SignedRequest request, Instant now) {
        softly.assertThatCode(() -> fixture.verify(request, now, fixture.secret())).as("%s: %s", fixture, what)
                .doesNotThrowAnyException();
    }

    /** Rejected as an invalid signature, never another exception, and without echoing a secret or the signature. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejected(SoftAssertions softly, SchemeFixture fixture, String what,
                                                                         SignedRequest request, Instant now, String... secrets) {
        AbstractThrowableAssert<?, ? extends Throwable> thrown = softly.assertThatCode(() -> fixture.verify(request, now, secrets))
                .as("%s: %s", fixture, what)
                .isInstanceOf(InvalidSignatureException.class);
        for (String confidential : fixture.confidential()) {
            thrown.hasMessageNotContaining(confidential);
        }
        return thrown;
    }
}
