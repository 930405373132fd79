package io.github.hrwebhookhub.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Generic HMAC for senders without a named profile: header, algorithm, encoding, prefix and a signed-content template
 * such as {@code {header:X-Timestamp}.{body}}, all under {@code hub.sources.<name>.hmac}.
 */
@Component
public class GenericHmacScheme implements SignatureScheme {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(body|header:[^}]+)}");

    @Override
    public String name() {
        return "hmac";
    }

    /** Rejects settings that could never verify anything, at startup. */
    public static void check(HubProperties.Hmac hmac) {
        try {
            Mac.getInstance(hmac.algorithm());
        } catch (Exception e) {
            throw new IllegalArgumentException("hmac.algorithm '" + hmac.algorithm()
                    + "' is not a MAC algorithm (use HmacSHA256, HmacSHA1 or HmacSHA512)");
        }
        String encoding = hmac.encoding().toLowerCase(Locale.ROOT);
        if (!List.of("hex", "base64", "base64url").contains(encoding)) {
            throw new IllegalArgumentException("hmac.encoding must be hex, base64 or base64url, not '" + hmac.encoding() + "'");
        }
        if (hmac.header() == null || hmac.header().isBlank()) {
            throw new IllegalArgumentException("hmac.header must name the signature header");
        }
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        HubProperties.Hmac settings = context.source().hmac();
        String header = request.header(settings.header());
        if (header == null || request.headerCount(settings.header()) > 1) {
            throw new InvalidSignatureException("missing signature header");
        }
        for (String signed : signedHeaders(settings)) {
            if (request.headerCount(signed) > 1) {
                throw new InvalidSignatureException("a signed header was sent more than once");
            }
        }
        String prefix = settings.prefix() == null ? "" : settings.prefix();
        if (!header.startsWith(prefix)) {
            throw new InvalidSignatureException("signature without the expected prefix");
        }
        if (settings.timestampHeader() != null && !settings.timestampHeader().isBlank()) {
            context.checkTimestamp(request.header(settings.timestampHeader()));
        }
        byte[] candidate = decode(settings.encoding(), header.substring(prefix.length()).trim());
        if (candidate == null
                || !Macs.anyKeyMatches(settings.algorithm(), context.keys(), candidate, signedContent(settings, request))) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    /** The timestamp header and the headers in the signed content: with two copies, which one was signed is a guess. */
    private static List<String> signedHeaders(HubProperties.Hmac settings) {
        List<String> names = new ArrayList<>();
        if (settings.timestampHeader() != null && !settings.timestampHeader().isBlank()) {
            names.add(settings.timestampHeader());
        }
        Matcher matcher = PLACEHOLDER.matcher(settings.signedContent());
        while (matcher.find()) {
            if (matcher.group(1).startsWith("header:")) {
                names.add(matcher.group(1).substring("header:".length()));
            }
        }
        return names;
    }

    private static byte[] signedContent(HubProperties.Hmac settings, SignedRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.body().length + 64);
        Matcher matcher = PLACEHOLDER.matcher(settings.signedContent());
        int last = 0;
        while (matcher.find()) {
            out.writeBytes(settings.signedContent().substring(last, matcher.start()).getBytes(StandardCharsets.UTF_8));
            String placeholder = matcher.group(1);
            if (placeholder.equals("body")) {
                out.writeBytes(request.body());
            } else {
                String value = request.header(placeholder.substring("header:".length()));
                out.writeBytes((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
            }
            last = matcher.end();
        }
        out.writeBytes(settings.signedContent().substring(last).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] decode(String encoding, String value) {
        try {
            return switch (encoding.toLowerCase(Locale.ROOT)) {
                case "base64" -> Base64.getDecoder().decode(value);
                case "base64url" -> Base64.getUrlDecoder().decode(value);
                default -> Macs.fromHex(value);
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
