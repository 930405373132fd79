package io.github.hrwebhookhub.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;

/**
 * One row of {@link SchemeContractTest}: a vendor's correctly signed request (a sample under
 * src/test/resources/vendor-samples, the headers it was sent with, the secret it was signed with) and what verifying it
 * must show. Where a vendor differs from the rest (nothing timestamped, future timestamps accepted, the signature carried
 * in body fields, a sample without an event type) the row says so rather than leaving a check out.
 */
final class SchemeFixture {

    /** How a scheme treats the clock. */
    enum Clock {
        /** Nothing time-related is checked: the request verifies at any time; replays are caught by the event id. */
        NONE,
        /** A signed timestamp further than the tolerance from now, either way, fails. */
        BOTH_WAYS,
        /** Only a timestamp older than the tolerance fails; one from the future (clock skew) is accepted. */
        PAST_ONLY
    }

    /** Something the signature depends on that the sender puts in the request. */
    sealed interface Part permits Header, BodyField {
        String name();
    }

    /** A header: the signature itself, its timestamp, or another signed header. */
    record Header(String name) implements Part {
        @Override
        public String toString() {
            return "header " + name;
        }
    }

    /** A top-level field of a JSON body (Lever carries its signature in the body). */
    record BodyField(String name) implements Part {
        @Override
        public String toString() {
            return "body field " + name;
        }
    }

    /** A value a part must never be accepted with. For a body field, the value is raw JSON. */
    record Malformed(Part part, String value) {
    }

    /** A change to the body that the signature must catch. */
    record Tamper(String description, UnaryOperator<String> change) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String variant;
    private final SignatureScheme scheme;
    private HubProperties.Source source = HubConfig.source();
    private String sample;
    private byte[] body;
    private String secret;
    private String otherSecret;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private final List<Malformed> malformed = new ArrayList<>();
    private final List<Tamper> tampers = new ArrayList<>();
    private Clock clock;
    private long signedAt;
    private Instant verifyAt;
    private boolean eventGiven;
    private String eventId;
    private String eventType;
    private Map<String, String> typeMap;
    private final List<String> unmapped = new ArrayList<>();

    private SchemeFixture(String name, String variant, SignatureScheme scheme) {
        this.name = name;
        this.variant = variant;
        this.scheme = scheme;
    }

    /** A row for the scheme configured as {@code scheme: name}. */
    static SchemeFixture fixture(String name, SignatureScheme scheme) {
        return new SchemeFixture(name, null, scheme);
    }

    /** One of several rows for a configurable scheme. */
    static SchemeFixture fixture(String name, String variant, SignatureScheme scheme) {
        return new SchemeFixture(name, variant, scheme);
    }

    // ---- the row, as SchemeFixtures writes it

    /** The source settings the scheme reads (only the generic hmac scheme has any). */
    SchemeFixture source(HubProperties.Source settings) {
        this.source = settings;
        return this;
    }

    /** The body, byte for byte as the vendor sends it. */
    SchemeFixture sample(String vendor, String file) {
        this.sample = "vendor-samples/" + vendor + "/" + file;
        this.body = VendorSamples.bytes(vendor, file);
        return this;
    }

    /** The secret the request was signed with, and another one of the same form that did not sign it. */
    SchemeFixture secrets(String signedWith, String another) {
        this.secret = signedWith;
        this.otherSecret = another;
        return this;
    }

    /** A header the signature depends on: sent without it, or with it twice, the request fails. */
    SchemeFixture signatureHeader(String header, String value) {
        headers.add(Map.entry(header, value));
        parts.add(new Header(header));
        return this;
    }

    /** A header the sender also sends that the signature does not cover (an event id or topic, say). */
    SchemeFixture header(String header, String value) {
        headers.add(Map.entry(header, value));
        return this;
    }

    /** Body fields the signature depends on, for a vendor that sends no signature header. */
    SchemeFixture signatureInBodyFields(String... fields) {
        for (String field : fields) {
            parts.add(new BodyField(field));
        }
        return this;
    }

    /** Values a part (named as in signatureHeader or signatureInBodyFields) must fail with. */
    SchemeFixture malformed(String part, String... values) {
        Part found = parts.stream().filter(p -> p.name().equalsIgnoreCase(part)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this + ": " + part + " is not a signature part"));
        for (String value : values) {
            malformed.add(new Malformed(found, value));
        }
        return this;
    }

    /** Every occurrence of {@code from} in the body replaced by {@code to}. */
    SchemeFixture tampered(String from, String to) {
        return tampered(from + " -> " + to, text -> {
            if (!text.contains(from)) {
                throw new IllegalArgumentException(this + ": the sample has no '" + from + "' to tamper with");
            }
            return text.replace(from, to);
        });
    }

    SchemeFixture tampered(String description, UnaryOperator<String> change) {
        tampers.add(new Tamper(description, change));
        return this;
    }

    /** The scheme checks no timestamp, so the request verifies at any time. */
    SchemeFixture notTimestamped() {
        this.clock = Clock.NONE;
        this.verifyAt = Instant.parse("2024-06-01T12:00:00Z");
        return this;
    }

    /** The request carries {@code signedAt} (Unix seconds) in a header and is verified at {@code verifyAt}. */
    SchemeFixture timestamped(Clock checked, long signedAtSeconds, Instant verifiedAt) {
        this.clock = checked;
        this.signedAt = signedAtSeconds;
        this.verifyAt = verifiedAt;
        return this;
    }

    /** The event id and type the intake reads from the request; a null type means the sample carries none. */
    SchemeFixture event(String id, String type) {
        this.eventGiven = true;
        this.eventId = id;
        this.eventType = type;
        return this;
    }

    /** The scheme's whole type map: vendor event names to canonical types. */
    SchemeFixture typeMap(Map<String, String> expected) {
        this.typeMap = expected;
        return this;
    }

    /** Vendor event names deliberately left out of the type map. */
    SchemeFixture unmapped(String... names) {
        unmapped.addAll(List.of(names));
        return this;
    }

    /** Refuses a row that leaves out something the contract needs, so that no check passes for want of data. */
    SchemeFixture check() {
        Objects.requireNonNull(body, this + ": no sample");
        Objects.requireNonNull(secret, this + ": no secrets");
        Objects.requireNonNull(clock, this + ": say timestamped(...) or notTimestamped()");
        Objects.requireNonNull(typeMap, this + ": no type map (Map.of() for none)");
        if (!eventGiven) {
            throw new IllegalStateException(this + ": no event id and type");
        }
        if (parts.isEmpty() || malformed.isEmpty() || tampers.isEmpty()) {
            throw new IllegalStateException(this + ": needs signature parts, malformed values and a tampered body");
        }
        if (clock != Clock.NONE && headers.stream().noneMatch(h -> h.getValue().contains(Long.toString(signedAt)))) {
            throw new IllegalStateException(this + ": no header carries the signed timestamp " + signedAt);
        }
        tampers.forEach(this::tampered);
        return this;
    }

    // ---- what the contract reads

    String name() {
        return name;
    }

    SignatureScheme scheme() {
        return scheme;
    }

    String sample() {
        return sample;
    }

    byte[] body() {
        return body.clone();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String secret() {
        return secret;
    }

    String otherSecret() {
        return otherSecret;
    }

    List<Map.Entry<String, String>> headers() {
        return List.copyOf(headers);
    }

    /** The value of one of the request's headers. */
    String header(String header) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(header)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this + " sends no " + header));
    }

    List<Part> parts() {
        return List.copyOf(parts);
    }

    List<Malformed> malformed() {
        return List.copyOf(malformed);
    }

    List<Tamper> tampers() {
        return List.copyOf(tampers);
    }

    Clock clock() {
        return clock;
    }

    long signedAt() {
        return signedAt;
    }

    Instant verifyAt() {
        return verifyAt;
    }

    String eventId() {
        return eventId;
    }

    String eventType() {
        return eventType;
    }

    Map<String, String> typeMap() {
        return typeMap;
    }

    List<String> unmapped() {
        return List.copyOf(unmapped);
    }

    /** What no rejection message may contain: the secrets, and the signature values (anything long) of the request. */
    List<String> confidential() {
        List<String> values = new ArrayList<>(List.of(secret, otherSecret));
        headers.stream().filter(h -> parts.contains(new Header(h.getKey()))).map(Map.Entry::getValue)
                .filter(value -> value.length() >= 16).forEach(values::add);
        JsonNode json = parts.stream().anyMatch(BodyField.class::isInstance) ? object(body) : null;
        for (Part part : parts) {
            if (part instanceof BodyField field && json.path(field.name()).asText().length() >= 16) {
                values.add(json.path(field.name()).asText());
            }
        }
        return values;
    }

    // ---- verifying

    /** Verifies with the row's secret at the row's clock. */
    void verify(SignedRequest request) throws InvalidSignatureException {
        verify(request, verifyAt, secret);
    }

    void verify(SignedRequest request, Instant now, String... secrets) throws InvalidSignatureException {
        scheme.verify(request, SchemeTestSupport.context(scheme, now, source, secrets));
    }

    // ---- the correctly signed request, and variations of it

    SignedRequest request() {
        return build(body, headers);
    }

    SignedRequest withBody(byte[] other) {
        return build(other, headers);
    }

    byte[] tampered(Tamper tamper) {
        String changed = tamper.change().apply(text());
        if (changed.equals(text())) {
            throw new IllegalArgumentException(this + ": tampering (" + tamper.description() + ") changed nothing");
        }
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    SignedRequest withHeaderNames(UnaryOperator<String> rename) {
        return build(body, headers.stream().map(h -> Map.entry(rename.apply(h.getKey()), h.getValue())).toList());
    }

    SignedRequest withHeaderValues(UnaryOperator<String> change) {
        return build(body, headers.stream().map(h -> Map.entry(h.getKey(), change.apply(h.getValue()))).toList());
    }

    /** The request with one header's value replaced, or the header added. */
    SignedRequest withHeader(String header, String value) {
        List<Map.Entry<String, String>> changed = new ArrayList<>(headers.stream()
                .filter(h -> !h.getKey().equalsIgnoreCase(header)).toList());
        changed.add(Map.entry(header, value));
        return build(body, changed);
    }

    SignedRequest withoutHeader(String header) {
        return build(body, headers.stream().filter(h -> !h.getKey().equalsIgnoreCase(header)).toList());
    }

    SignedRequest without(Part part) {
        if (part instanceof BodyField field) {
            return build(editedBody(json -> json.remove(field.name())), headers);
        }
        return withoutHeader(part.name());
    }

    SignedRequest withoutAnyPart() {
        List<Map.Entry<String, String>> unsigned = headers.stream().filter(h -> !parts.contains(new Header(h.getKey()))).toList();
        byte[] withoutFields = parts.stream().anyMatch(BodyField.class::isInstance)
                ? editedBody(json -> parts.forEach(part -> json.remove(part.name())))
                : body;
        return build(withoutFields, unsigned);
    }

    /** The part sent twice with the same value: a verifier that ignores the count would accept this. */
    SignedRequest repeated(Part part) {
        if (part instanceof BodyField field) {
            return build(bodyWithFieldTwice(field.name()), headers);
        }
        List<Map.Entry<String, String>> twice = new ArrayList<>(headers);
        twice.add(Map.entry(part.name(), header(part.name())));
        return build(body, twice);
    }

    SignedRequest with(Part part, String value) {
        if (part instanceof BodyField field) {
            return build(editedBody(json -> json.set(field.name(), parse(value))), headers);
        }
        return withHeader(part.name(), value);
    }

    private static SignedRequest build(byte[] body, List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            map.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
        }
        return new SignedRequest(map, body.clone());
    }

    private byte[] editedBody(Consumer<ObjectNode> edit) {
        ObjectNode json = object(body);
        edit.accept(json);
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] bodyWithFieldTwice(String field) {
        ObjectNode json = object(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> property : json.properties()) {
                int copies = property.getKey().equals(field) ? 2 : 1;
                for (int i = 0; i < copies; i++) {
                    generator.writeFieldName(property.getKey());
                    generator.writeTree(property.getValue());
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ObjectNode object(byte[] bytes) {
        return (ObjectNode) parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return variant == null ? name : name + " (" + variant + ")";
    }
}
