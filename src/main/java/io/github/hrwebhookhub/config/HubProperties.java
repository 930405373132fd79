package io.github.hrwebhookhub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the hub is configured with, under {@code hub.*}: immutable records bound once at startup, each default
 * written beside its setting. The constraints below and the {@link ConfigurationCheck}s of the other packages are
 * checked together by {@link HubConfigurationValidator}, which stops the hub with every problem listed at once.
 *
 * @param dataDir where the embedded broker journal and the embedded database live
 * @param routesDir folder of the Camel YAML route files
 * @param reloadMappings compile changed mapping files again while running (the dev profile); off in production
 * @param limits limits on each webhook request
 * @param intake which HTTP server answers POST /webhooks/{source}
 * @param dedup how duplicate events are recognised
 * @param sandbox the built-in receiver for destinations without a URL
 * @param ops the ops API's logins and redaction
 * @param network which proxies are believed about the client's address
 * @param storage how stored payloads are sealed
 * @param audit how long the audit trail is kept
 * @param broker the hub's use of the broker, embedded or external
 * @param sources the senders, by name (the {source} of POST /webhooks/{source})
 * @param destinations the receivers, by name (the names the routing table uses)
 */
@ConfigurationProperties("hub")
public record HubProperties(
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("routes") @NotNull Path routesDir,
        boolean reloadMappings,
        @DefaultValue @Valid Limits limits,
        @DefaultValue @Valid Intake intake,
        @DefaultValue @Valid Dedup dedup,
        @DefaultValue @Valid Sandbox sandbox,
        @DefaultValue @Valid Ops ops,
        @DefaultValue @Valid Network network,
        @DefaultValue @Valid Storage storage,
        @DefaultValue @Valid Audit audit,
        @DefaultValue @Valid Broker broker,
        @DefaultValue Map<String, @Valid Source> sources,
        @DefaultValue Map<String, @Valid Destination> destinations) {

    static final String POSITIVE = "must be a positive duration such as 500ms, 30s, 5m or 7d";
    static final String NOT_NEGATIVE = "must not be negative";

    public HubProperties {
        sources = sources == null ? Map.of() : sources;
        destinations = destinations == null ? Map.of() : destinations;
    }

    /**
     * @param maxBody largest accepted request body; larger bodies get 413 and are never buffered whole
     * @param maxJsonDepth deepest JSON nesting accepted; deeper bodies get 400
     * @param readTimeout longest time a sender may take to send its body; slower senders get 408
     */
    public record Limits(
            @DefaultValue("1MB") @NotNull DataSize maxBody,
            @DefaultValue("64") @Min(1) int maxJsonDepth,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration readTimeout) {
    }

    /**
     * @param retention how long an accepted (source, event id) pair is remembered
     * @param claimTimeout a claim older than this is treated as left behind by a crashed request and may be taken over
     * @param claimWait how long a request waits for a concurrent request with the same event to finish
     * @param purgeInterval how often remembered pairs older than the retention are purged
     */
    public record Dedup(
            @DefaultValue("7d") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration retention,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration claimTimeout,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration claimWait,
            @DefaultValue("1h") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration purgeInterval) {
    }

    /**
     * @param encryptionKey AES key (base64 of 32 bytes) sealing the payloads the hub stores (audit trail, dead letters)
     *        with AES-GCM; empty = a key generated on first start under the data directory (set one in production)
     * @param previousKeys earlier keys, still accepted for reading after a key rotation
     */
    public record Storage(String encryptionKey, @DefaultValue List<String> previousKeys) {
        public Storage {
            previousKeys = previousKeys == null ? List.of() : previousKeys;
        }
    }

    /**
     * @param trustedProxies proxies (CIDR blocks) whose X-Forwarded-For header is believed; from anyone else the
     *        header is ignored and the connection's own address is the client's
     */
    public record Network(@DefaultValue List<String> trustedProxies) {
        public Network {
            trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
        }
    }

    /**
     * @param username the ops login
     * @param password its password; empty = a strong password is generated at startup and printed once (there is no
     *        default password)
     * @param redactFields payload fields the ops API redacts unless the caller has the PII role (matched in field
     *        names, any case)
     * @param users more ops logins; roles OPS (ops API, actuator) and PII (sees unredacted payloads)
     */
    public record Ops(
            @DefaultValue("ops") @NotBlank String username,
            String password,
            @DefaultValue({"salary", "compensation", "pay_rate", "amount", "bank", "account_number", "routing_number",
                    "iban", "national_id", "ssn", "social_security", "tax_id", "date_of_birth", "birth_date", "dob"})
            List<String> redactFields,
            @DefaultValue List<@Valid User> users) {

        public Ops {
            redactFields = redactFields == null ? List.of() : redactFields;
            users = users == null ? List.of() : users;
        }

        /**
         * @param username the login
         * @param password its password
         * @param roles OPS (ops API, actuator) and PII (sees unredacted payloads)
         */
        public record User(
                @NotBlank String username,
                @NotBlank String password,
                @DefaultValue("OPS") @NotEmpty List<@Pattern(regexp = "OPS|PII", message = "must be OPS or PII") String> roles) {
        }
    }

    /** @param retention how long the audit trail keeps events and their timelines */
    public record Audit(@DefaultValue("400d") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration retention) {
    }

    /**
     * Which HTTP server answers {@code POST /webhooks/{source}}.
     *
     * @param engine servlet (default): the webhooks share the Spring MVC server on server.port; vertx: they get their
     *        own non-blocking Vert.x server on hub.intake.port, while ops, actuator, Hawtio and the sandbox stay on
     *        server.port
     * @param port port of the Vert.x intake server (engine vertx); 0 picks a free one
     * @param host address the Vert.x intake server binds to (engine vertx)
     * @param workerThreads threads that run the intake route for the Vert.x server (each waits on its event's durable
     *        enqueue)
     * @param responseTimeout a request whose route has not answered after this gets 503 (nothing confirmed stored;
     *        engine vertx)
     */
    public record Intake(
            @DefaultValue("servlet") @Pattern(regexp = "(?i)servlet|vertx", message = "must be servlet or vertx") String engine,
            @DefaultValue("8082") @Min(0) @Max(65535) int port,
            @DefaultValue("0.0.0.0") @NotBlank String host,
            @DefaultValue("64") @Min(1) int workerThreads,
            @DefaultValue("20s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration responseTimeout) {

        public boolean isVertx() {
            return "vertx".equalsIgnoreCase(engine);
        }
    }

    /**
     * @param enabled serves /sandbox/{destination}, the built-in receiver that unconfigured destinations point at
     * @param keep how many receipts each sandbox destination keeps
     */
    public record Sandbox(@DefaultValue("true") boolean enabled, @DefaultValue("100") @Min(1) int keep) {
    }

    /**
     * @param scheme the sender's signature scheme (see docs/signature-schemes.md)
     * @param secrets the sender's signing secrets; several during a rotation
     * @param secretsFile a file with more secrets, one per line (e.g. a mounted Kubernetes or Docker secret)
     * @param tolerance how far a signed timestamp may be from now
     * @param eventId header:NAME, jsonpath:EXPR or sha256 (of the raw body); empty = the scheme's default
     * @param eventType header:NAME or jsonpath:EXPR; empty = the scheme's default
     * @param typeMap vendor event types to canonical types, over the scheme's own map
     * @param allowFrom client addresses (CIDR blocks) allowed to post; empty = anyone
     * @param rateLimit requests per second at most; 0 = no limit
     * @param allowUnsigned must be true for scheme none, which accepts unsigned requests
     * @param hmac settings of the generic hmac scheme
     * @param mapping the source mapping (a folder under routes/mappings/sources/) that turns this sender's payloads
     *        into canonical records; default: the folder named like the scheme, if there is one; none = data as sent
     */
    public record Source(
            @DefaultValue("standard-webhooks") @NotBlank String scheme,
            @DefaultValue List<String> secrets,
            Path secretsFile,
            @DefaultValue("5m") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration tolerance,
            String eventId,
            String eventType,
            @DefaultValue Map<String, String> typeMap,
            @DefaultValue List<String> allowFrom,
            @PositiveOrZero double rateLimit,
            boolean allowUnsigned,
            @DefaultValue @Valid Hmac hmac,
            String mapping) {

        public Source {
            secrets = secrets == null ? List.of() : secrets;
            typeMap = typeMap == null ? Map.of() : typeMap;
            allowFrom = allowFrom == null ? List.of() : allowFrom;
        }
    }

    /**
     * Settings of the generic {@code hmac} scheme.
     *
     * @param header the header carrying the signature
     * @param algorithm a JCA MAC name: HmacSHA256, HmacSHA1, HmacSHA512
     * @param encoding hex, base64 or base64url
     * @param prefix text before the signature value in the header, e.g. "sha256="
     * @param signedContent what is signed: literal text with {body} and {header:NAME} placeholders
     * @param timestampHeader optional header carrying a Unix timestamp (seconds) that is checked against the tolerance
     */
    public record Hmac(
            @DefaultValue("X-Signature") String header,
            @DefaultValue("HmacSHA256") String algorithm,
            @DefaultValue("hex") String encoding,
            @DefaultValue("") String prefix,
            @DefaultValue("{body}") String signedContent,
            String timestampHeader) {
    }

    /**
     * @param url where deliveries are POSTed; empty = the built-in sandbox receiver /sandbox/{name}
     * @param secret Standard Webhooks signing secret (whsec_ + base64) for outbound deliveries
     * @param timeout how long one delivery attempt may take
     * @param mapping name of the payload mapping: cloudevent (the canonical envelope), slack-summary or a folder under
     *        routes/mappings/destinations/
     * @param retry how failed attempts are retried
     * @param rate deliveries per second at most; 0 = no limit
     * @param maxConcurrency deliveries in flight at once at most; 0 = as many as the delivery route has consumers
     * @param circuitBreaker when deliveries pause for a destination that keeps failing
     * @param orderingKey deliver events with the same key in the order received, one at a time (different keys in
     *        parallel): jsonpath:EXPR over the canonical event, e.g. jsonpath:$.data.employee_id; empty = no ordering
     * @param holdUntil hold each event until the date it names: jsonpath:EXPR over the canonical event to a date
     *        (YYYY-MM-DD, the start of that day in UTC) or a date-time, e.g. jsonpath:$.data.effective_date; an event
     *        without that field, or dated today or earlier, goes at once; empty = no holds
     * @param holdLead deliver this long before the date instead, e.g. 3d for payroll cut-offs
     * @param maxHold the longest an event is held, however far ahead its date
     */
    public record Destination(
            String url,
            String secret,
            @DefaultValue("15s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration timeout,
            @DefaultValue("cloudevent") @NotBlank String mapping,
            @DefaultValue @Valid Retry retry,
            @PositiveOrZero double rate,
            @PositiveOrZero int maxConcurrency,
            @DefaultValue @Valid CircuitBreaker circuitBreaker,
            @Pattern(regexp = "jsonpath:.+", message = "must be jsonpath:EXPR") String orderingKey,
            @Pattern(regexp = "jsonpath:.+", message = "must be jsonpath:EXPR") String holdUntil,
            @DefaultValue("0s") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration holdLead,
            @DefaultValue("90d") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration maxHold) {

        public boolean holds() {
            return holdUntil != null && !holdUntil.isBlank();
        }
    }

    /**
     * Stops hammering a destination that keeps failing: its deliveries pause, and a few probes test it later.
     *
     * @param enabled whether the destination has a circuit breaker
     * @param failureRateThreshold percentage of failed attempts, over the last window-size attempts, that opens the
     *        circuit
     * @param minimumCalls attempts counted before the failure rate is judged
     * @param windowSize attempts the failure rate is computed over
     * @param openFor how long deliveries pause before the destination is probed again
     * @param probes probe attempts let through when the pause ends
     */
    public record CircuitBreaker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50") @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) int minimumCalls,
            @DefaultValue("50") @Min(1) int windowSize,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration openFor,
            @DefaultValue("3") @Min(1) int probes) {
    }

    /**
     * @param maxAttempts attempts in all, the first included
     * @param initial wait before the first retry
     * @param multiplier each wait is the previous one times this
     * @param maxDelay longest wait between two attempts
     * @param jitter random spread of each delay, as a fraction: 0.2 = up to 20% shorter or longer
     * @param schedule explicit waits before each retry, e.g. [5s, 5m, 30m, 2h, 5h, 10h, 10h] (Svix's schedule after
     *        its immediate first attempt); when set it replaces initial/multiplier/max-delay, and attempts = schedule
     *        size + 1
     */
    public record Retry(
            @DefaultValue("8") @Min(1) int maxAttempts,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration initial,
            @DefaultValue("4") @DecimalMin("1") double multiplier,
            @DefaultValue("2h") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration maxDelay,
            @DefaultValue("0.2") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double jitter,
            @DefaultValue List<@NotNull(message = "must be a duration such as 5s, 5m, 2h") @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration> schedule) {

        public Retry {
            schedule = schedule == null ? List.of() : schedule;
        }

        /** Attempts in all, from the schedule when there is one. */
        public int attempts() {
            return schedule.isEmpty() ? maxAttempts : schedule.size() + 1;
        }
    }

    /**
     * The hub's use of the broker, embedded or external.
     *
     * @param callTimeout how long a broker call (a durable send, a commit) may block before it fails; the intake then
     *        answers 503
     * @param commitBatchSize events a routing or delivery consumer commits in one broker transaction; 1 commits each
     *        event alone
     * @param commitBatchMaxWait how long a routing or delivery consumer may hold a broker transaction open to fill its
     *        batch
     * @param journalSyncInterval how long the embedded broker's journal gathers writes into one sync (Artemis' own
     *        default is 3.3 ms)
     * @param managementAddress the broker's management address, asked for queue depths when the broker is external
     */
    public record Broker(
            @DefaultValue("4s") @NotNull @DurationMin(millis = 1, message = POSITIVE) Duration callTimeout,
            @DefaultValue("16") @Min(value = 1, message = "must be at least 1 (1 commits every message on its own)") int commitBatchSize,
            @DefaultValue("20ms") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration commitBatchMaxWait,
            @DefaultValue("1ms") @NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration journalSyncInterval,
            @DefaultValue("activemq.management") @NotBlank String managementAddress) {
    }
}
