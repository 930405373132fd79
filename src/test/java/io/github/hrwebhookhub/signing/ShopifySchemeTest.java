package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Shopify. Shopify's documentation publishes no worked example, so the vector was computed with openssl. */
class ShopifySchemeTest {

    private static final String SECRET = "shopify-client-secret-example";
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"closed_at\":null}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'shopify-client-secret-example' -binary | base64
    private static final String SIGNATURE = "3FDaw6e223NpR4Hj4fgG5u4b8P9v/Wxz20hm99sHFjw=";

    private final ShopifyScheme scheme = new ShopifyScheme();

    private void verify(String body, String signature, String secret) throws InvalidSignatureException {
        scheme.verify(request(body, "X-Shopify-Hmac-Sha256", signature), context(scheme, Instant.now(), null, secret));
    }

    @Test
    void vectorVerifies() {
        assertThatCode(() -> verify(BODY, SIGNATURE, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(BODY.replace("jon@", "joe@"), SIGNATURE, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void reSerialisedJsonFails() {
        assertThatThrownBy(() -> verify(BODY.replace(",", ", "), SIGNATURE, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, "another-client-secret")).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void hexOrPrefixedSignatureFails() {
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(SIGNATURE));
        assertThatThrownBy(() -> verify(BODY, hex, SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(BODY, "sha256=" + SIGNATURE, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> verify(BODY, "!!!", SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(BODY, "", SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY), context(scheme, Instant.now(), null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE, "X-Shopify-Hmac-Sha256", SIGNATURE),
                context(scheme, Instant.now(), null, SECRET))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secondSecretDuringRotationVerifies() {
        assertThatCode(() -> scheme.verify(request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE),
                context(scheme, Instant.now(), null, "old-client-secret", SECRET))).doesNotThrowAnyException();
    }

    @Test
    void eventIdAndTopicComeFromShopifyHeaders() {
        assertThat(scheme.eventIdLocations()).containsExactly("header:X-Shopify-Event-Id", "header:X-Shopify-Webhook-Id");
        assertThat(scheme.eventTypeLocations()).containsExactly("header:X-Shopify-Topic");
    }
}
