package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import io.github.hrwebhookhub.config.HubProperties;
import org.junit.jupiter.api.Test;

/** The generic hmac scheme, with vectors computed independently by openssl (see each comment). */
class GenericHmacSchemeTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private final GenericHmacScheme scheme = new GenericHmacScheme();

    private static HubProperties.Source source(String header, String encoding, String prefix, String signedContent, String timestampHeader) {
        HubProperties.Source source = new HubProperties.Source();
        source.setScheme("hmac");
        source.getHmac().setHeader(header);
        source.getHmac().setEncoding(encoding);
        source.getHmac().setPrefix(prefix);
        source.getHmac().setSignedContent(signedContent);
        source.getHmac().setTimestampHeader(timestampHeader);
        return source;
    }

    @Test
    void hexOfBodyWithPrefixMatchesGithubStyle() {
        // printf 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody"
        HubProperties.Source source = source("X-Sig", "hex", "sha256=", "{body}", null);
        assertThatCode(() -> scheme.verify(request("Hello, World!", "X-Sig",
                        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                context(scheme, Instant.now(), source, SECRET))).doesNotThrowAnyException();
    }

    @Test
    void templateWithTimestampHeaderAndBase64() throws Exception {
        long now = Instant.now().getEpochSecond();
        HubProperties.Source source = source("X-Sig", "base64", "", "v0:{header:X-Ts}:{body}", "X-Ts");
        byte[] mac = Macs.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8), ("v0:" + now + ":{\"a\":1}").getBytes(StandardCharsets.UTF_8));
        SignedRequest ok = request("{\"a\":1}", "X-Sig", Base64.getEncoder().encodeToString(mac), "X-Ts", "" + now);
        scheme.verify(ok, context(scheme, Instant.now(), source, SECRET));

        SignedRequest stale = request("{\"a\":1}", "X-Sig", Base64.getEncoder().encodeToString(mac), "X-Ts", "" + (now - 3600));
        assertThatThrownBy(() -> scheme.verify(stale, context(scheme, Instant.now(), source, SECRET))).isInstanceOf(InvalidSignatureException.class);
        SignedRequest otherTs = request("{\"a\":1}", "X-Sig", Base64.getEncoder().encodeToString(mac), "X-Ts", "" + (now - 1));
        assertThatThrownBy(() -> scheme.verify(otherTs, context(scheme, Instant.now(), source, SECRET))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void sha512IsSupported() throws Exception {
        HubProperties.Source source = source("X-Sig", "hex", "", "{body}", null);
        source.getHmac().setAlgorithm("HmacSHA512");
        byte[] mac = Macs.hmac("HmacSHA512", SECRET.getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
        scheme.verify(request("x", "X-Sig", HexFormat.of().formatHex(mac)), context(scheme, Instant.now(), source, SECRET));
    }

    @Test
    void unknownAlgorithmOrEncodingIsRefusedAtStartup() {
        HubProperties.Hmac bad = new HubProperties.Hmac();
        bad.setAlgorithm("HmacMD7");
        assertThatThrownBy(() -> GenericHmacScheme.check(bad)).hasMessageContaining("HmacMD7");
        HubProperties.Hmac badEncoding = new HubProperties.Hmac();
        badEncoding.setEncoding("base32");
        assertThatThrownBy(() -> GenericHmacScheme.check(badEncoding)).hasMessageContaining("base32");
    }

    @Test
    void timestampHeaderSentTwiceIsRefused() {
        long now = Instant.now().getEpochSecond();
        HubProperties.Source source = source("X-Sig", "base64", "", "v0:{header:X-Ts}:{body}", "X-Ts");
        byte[] mac = Macs.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8), ("v0:" + now + ":{\"a\":1}").getBytes(StandardCharsets.UTF_8));
        SignedRequest twice = request("{\"a\":1}", "X-Sig", Base64.getEncoder().encodeToString(mac), "X-Ts", "" + now, "X-Ts", "" + now);
        assertThatThrownBy(() -> scheme.verify(twice, context(scheme, Instant.now(), source, SECRET)))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than once");
    }

    @Test
    void headerNamedInTheSignedContentSentTwiceIsRefused() throws Exception {
        HubProperties.Source source = source("X-Sig", "hex", "", "{header:X-Request-Id}.{body}", null);
        String mac = HexFormat.of().formatHex(Macs.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8),
                "req-1.{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8)));
        scheme.verify(request("{\"id\":\"evt_1\"}", "X-Sig", mac, "X-Request-Id", "req-1"), context(scheme, Instant.now(), source, SECRET));
        SignedRequest twice = request("{\"id\":\"evt_1\"}", "X-Sig", mac, "X-Request-Id", "req-1", "X-Request-Id", "req-2");
        assertThatThrownBy(() -> scheme.verify(twice, context(scheme, Instant.now(), source, SECRET)))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than once");
    }
}
