package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;

/**
 * Slack's construction, which Zoom reuses under other header names: {@code v0=<hex>} of HMAC-SHA256 over
 * {@code v0:<timestamp>:<body>}, the timestamp in its own header and checked both ways against the tolerance.
 */
abstract class SlackStyleScheme implements SignatureScheme {

    private static final String PREFIX = "v0=";

    protected abstract String signatureHeader();

    protected abstract String timestampHeader();

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        String signature = request.header(signatureHeader());
        if (signature == null || !signature.startsWith(PREFIX)) {
            throw new InvalidSignatureException("missing or malformed signature header");
        }
        if (request.headerCount(signatureHeader()) > 1 || request.headerCount(timestampHeader()) > 1) {
            throw new InvalidSignatureException("signature or timestamp header sent more than once");
        }
        String timestamp = request.header(timestampHeader());
        context.checkTimestamp(timestamp);
        byte[] candidate = Macs.fromHex(signature.substring(PREFIX.length()));
        byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        if (candidate == null || !Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, prefix, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
