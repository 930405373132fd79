package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** GitHub, checked against the example in GitHub's "Validating webhook deliveries" documentation. */
class GithubSchemeTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private static final String BODY = "Hello, World!";
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final GithubScheme scheme = new GithubScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void documentedExampleVerifies() {
        assertThatCode(() -> verify(request(BODY, "X-Hub-Signature-256", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Hub-Signature-256", SIGNATURE), "another secret"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(request("Hello, World?", "X-Hub-Signature-256", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void missingPrefixFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Hub-Signature-256", SIGNATURE.substring("sha256=".length())), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void nonHexFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Hub-Signature-256", "sha256=zz"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void sha1HeaderAloneIsNotEnough() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Hub-Signature", "sha1=0123"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }
}
