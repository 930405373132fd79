package io.github.hrwebhookhub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything the hub is configured with, under {@code hub.*}. Checked at startup by {@link HubConfigValidator}.
 */
@ConfigurationProperties("hub")
public class HubProperties {

    /** Where the embedded broker journal and the embedded database live. */
    private Path dataDir = Path.of("data");
    /** Folder of the Camel YAML route files. */
    private Path routesDir = Path.of("routes");
    /** Compile changed mapping files again while running (the dev profile); off in production. */
    private boolean reloadMappings;
    private Limits limits = new Limits();
    private Intake intake = new Intake();
    private Dedup dedup = new Dedup();
    private Sandbox sandbox = new Sandbox();
    private Ops ops = new Ops();
    private Network network = new Network();
    private Storage storage = new Storage();
    private Audit audit = new Audit();
    private Broker broker = new Broker();
    private Map<String, Source> sources = new LinkedHashMap<>();
    private Map<String, Destination> destinations = new LinkedHashMap<>();

    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public Path getRoutesDir() { return routesDir; }
    public boolean isReloadMappings() { return reloadMappings; }
    public void setReloadMappings(boolean reloadMappings) { this.reloadMappings = reloadMappings; }
    public void setRoutesDir(Path routesDir) { this.routesDir = routesDir; }
    public Limits getLimits() { return limits; }
    public Intake getIntake() { return intake; }
    public void setIntake(Intake intake) { this.intake = intake; }
    public void setLimits(Limits limits) { this.limits = limits; }
    public Dedup getDedup() { return dedup; }
    public void setDedup(Dedup dedup) { this.dedup = dedup; }
    public Storage getStorage() { return storage; }
    public void setStorage(Storage storage) { this.storage = storage; }
    public Network getNetwork() { return network; }
    public void setNetwork(Network network) { this.network = network; }
    public Ops getOps() { return ops; }
    public void setOps(Ops ops) { this.ops = ops; }
    public Audit getAudit() { return audit; }
    public void setAudit(Audit audit) { this.audit = audit; }
    public Broker getBroker() { return broker; }
    public void setBroker(Broker broker) { this.broker = broker; }
    public Sandbox getSandbox() { return sandbox; }
    public void setSandbox(Sandbox sandbox) { this.sandbox = sandbox; }
    public Map<String, Source> getSources() { return sources; }
    public void setSources(Map<String, Source> sources) { this.sources = sources; }
    public Map<String, Destination> getDestinations() { return destinations; }
    public void setDestinations(Map<String, Destination> destinations) { this.destinations = destinations; }

    public static class Limits {
        /** Largest accepted request body; larger bodies get 413 and are never buffered whole. */
        private DataSize maxBody = DataSize.ofMegabytes(1);
        /** Deepest JSON nesting accepted; deeper bodies get 400. */
        private int maxJsonDepth = 64;
        /** Longest time a sender may take to send its body; slower senders get 408. */
        private Duration readTimeout = Duration.ofSeconds(30);

        public DataSize getMaxBody() { return maxBody; }
        public void setMaxBody(DataSize maxBody) { this.maxBody = maxBody; }
        public int getMaxJsonDepth() { return maxJsonDepth; }
        public void setMaxJsonDepth(int maxJsonDepth) { this.maxJsonDepth = maxJsonDepth; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    }

    public static class Dedup {
        /** How long an accepted (source, event id) pair is remembered. */
        private Duration retention = Duration.ofDays(7);
        /** A claim older than this is treated as left behind by a crashed request and may be taken over. */
        private Duration claimTimeout = Duration.ofSeconds(30);
        /** How long a request waits for a concurrent request with the same event to finish. */
        private Duration claimWait = Duration.ofSeconds(10);
        private Duration purgeInterval = Duration.ofHours(1);

        public Duration getRetention() { return retention; }
        public void setRetention(Duration retention) { this.retention = retention; }
        public Duration getClaimTimeout() { return claimTimeout; }
        public void setClaimTimeout(Duration claimTimeout) { this.claimTimeout = claimTimeout; }
        public Duration getClaimWait() { return claimWait; }
        public void setClaimWait(Duration claimWait) { this.claimWait = claimWait; }
        public Duration getPurgeInterval() { return purgeInterval; }
        public void setPurgeInterval(Duration purgeInterval) { this.purgeInterval = purgeInterval; }
    }

    public static class Storage {
        /**
         * AES key (base64 of 32 bytes) sealing the payloads the hub stores (audit trail, dead letters) with AES-GCM.
         * Empty = a key generated on first start under the data directory (set one in production).
         */
        private String encryptionKey;
        /** Earlier keys, still accepted for reading after a key rotation. */
        private List<String> previousKeys = new ArrayList<>();

        public String getEncryptionKey() { return encryptionKey; }
        public void setEncryptionKey(String encryptionKey) { this.encryptionKey = encryptionKey; }
        public List<String> getPreviousKeys() { return previousKeys; }
        public void setPreviousKeys(List<String> previousKeys) { this.previousKeys = previousKeys; }
    }

    public static class Network {
        /**
         * Proxies (CIDR blocks) whose X-Forwarded-For header is believed. From anyone else the header is ignored and
         * the connection's own address is the client's.
         */
        private List<String> trustedProxies = new ArrayList<>();

        public List<String> getTrustedProxies() { return trustedProxies; }
        public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
    }

    public static class Ops {
        private String username = "ops";
        /** Empty = a strong password is generated at startup and printed once. There is no default password. */
        private String password;
        /** Payload fields the ops API redacts unless the caller has the PII role (matched in field names, any case). */
        private List<String> redactFields = new ArrayList<>(List.of("salary", "compensation",
                "pay_rate", "amount", "bank", "account_number", "routing_number", "iban", "national_id", "ssn", "social_security",
                "tax_id", "date_of_birth", "birth_date", "dob"));
        /** More ops logins; roles OPS (ops API, actuator) and PII (sees unredacted payloads). */
        private List<User> users = new ArrayList<>();

        public List<String> getRedactFields() { return redactFields; }
        public void setRedactFields(List<String> redactFields) { this.redactFields = redactFields; }
        public List<User> getUsers() { return users; }
        public void setUsers(List<User> users) { this.users = users; }

        public static class User {
            private String username;
            private String password;
            private List<String> roles = new ArrayList<>(List.of("OPS"));

            public String getUsername() { return username; }
            public void setUsername(String username) { this.username = username; }
            public String getPassword() { return password; }
            public void setPassword(String password) { this.password = password; }
            public List<String> getRoles() { return roles; }
            public void setRoles(List<String> roles) { this.roles = roles; }
        }

        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    public static class Audit {
        /** How long the audit trail keeps events and their timelines. */
        private Duration retention = Duration.ofDays(400);

        public Duration getRetention() { return retention; }
        public void setRetention(Duration retention) { this.retention = retention; }
    }

    /** Which HTTP server answers {@code POST /webhooks/{source}}. */
    public static class Intake {
        /**
         * {@code servlet} (default): the webhooks share the Spring MVC server on {@code server.port}. {@code vertx}:
         * they get their own non-blocking Vert.x server on {@code hub.intake.port}; ops, actuator, Hawtio and the
         * sandbox stay on {@code server.port}.
         */
        private String engine = "servlet";
        /** Port of the Vert.x intake server (engine vertx); 0 picks a free one. */
        private int port = 8082;
        /** Address the Vert.x intake server binds to (engine vertx). */
        private String host = "0.0.0.0";
        /** Threads that run the intake route for the Vert.x server (each waits on its event's durable enqueue). */
        private int workerThreads = 64;
        /** A request whose route has not answered after this gets 503 (nothing confirmed stored; engine vertx). */
        private Duration responseTimeout = Duration.ofSeconds(20);

        public boolean isVertx() { return "vertx".equalsIgnoreCase(engine); }
        public String getEngine() { return engine; }
        public void setEngine(String engine) { this.engine = engine; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getWorkerThreads() { return workerThreads; }
        public void setWorkerThreads(int workerThreads) { this.workerThreads = workerThreads; }
        public Duration getResponseTimeout() { return responseTimeout; }
        public void setResponseTimeout(Duration responseTimeout) { this.responseTimeout = responseTimeout; }
    }

    public static class Sandbox {
        /** Serves /sandbox/{destination}, the built-in receiver that unconfigured destinations point at. */
        private boolean enabled = true;
        /** How many receipts each sandbox destination keeps. */
        private int keep = 100;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getKeep() { return keep; }
        public void setKeep(int keep) { this.keep = keep; }
    }

    public static class Source {
        private String scheme = "standard-webhooks";
        private List<String> secrets = new ArrayList<>();
        /** A file with more secrets, one per line (e.g. a mounted Kubernetes or Docker secret). */
        private Path secretsFile;
        private Duration tolerance = Duration.ofMinutes(5);
        /** header:NAME, jsonpath:EXPR or sha256 (of the raw body); empty = the scheme's default. */
        private String eventId;
        /** header:NAME or jsonpath:EXPR; empty = the scheme's default. */
        private String eventType;
        private Map<String, String> typeMap = new LinkedHashMap<>();
        private List<String> allowFrom = new ArrayList<>();
        private double rateLimit;
        private boolean allowUnsigned;
        private Hmac hmac = new Hmac();
        /**
         * The source mapping (a folder under routes/mappings/sources/) that turns this sender's payloads into
         * canonical records. Default: the folder named like the scheme, if there is one; {@code none} = data as sent.
         */
        private String mapping;

        public String getScheme() { return scheme; }
        public void setScheme(String scheme) { this.scheme = scheme; }
        public List<String> getSecrets() { return secrets; }
        public void setSecrets(List<String> secrets) { this.secrets = secrets; }
        public Path getSecretsFile() { return secretsFile; }
        public void setSecretsFile(Path secretsFile) { this.secretsFile = secretsFile; }
        public Duration getTolerance() { return tolerance; }
        public void setTolerance(Duration tolerance) { this.tolerance = tolerance; }
        public String getEventId() { return eventId; }
        public void setEventId(String eventId) { this.eventId = eventId; }
        public String getEventType() { return eventType; }
        public void setEventType(String eventType) { this.eventType = eventType; }
        public Map<String, String> getTypeMap() { return typeMap; }
        public void setTypeMap(Map<String, String> typeMap) { this.typeMap = typeMap; }
        public List<String> getAllowFrom() { return allowFrom; }
        public void setAllowFrom(List<String> allowFrom) { this.allowFrom = allowFrom; }
        public double getRateLimit() { return rateLimit; }
        public void setRateLimit(double rateLimit) { this.rateLimit = rateLimit; }
        public boolean isAllowUnsigned() { return allowUnsigned; }
        public String getMapping() { return mapping; }
        public void setMapping(String mapping) { this.mapping = mapping; }
        public void setAllowUnsigned(boolean allowUnsigned) { this.allowUnsigned = allowUnsigned; }
        public Hmac getHmac() { return hmac; }
        public void setHmac(Hmac hmac) { this.hmac = hmac; }
    }

    /** Settings of the generic {@code hmac} scheme. */
    public static class Hmac {
        private String header = "X-Signature";
        /** A JCA MAC name: HmacSHA256, HmacSHA1, HmacSHA512. */
        private String algorithm = "HmacSHA256";
        /** hex, base64 or base64url. */
        private String encoding = "hex";
        /** Text before the signature value in the header, e.g. "sha256=". */
        private String prefix = "";
        /** What is signed: literal text with {body} and {header:NAME} placeholders. */
        private String signedContent = "{body}";
        /** Optional header carrying a Unix timestamp (seconds) that is checked against the tolerance. */
        private String timestampHeader;

        public String getHeader() { return header; }
        public void setHeader(String header) { this.header = header; }
        public String getAlgorithm() { return algorithm; }
        public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
        public String getEncoding() { return encoding; }
        public void setEncoding(String encoding) { this.encoding = encoding; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix; }
        public String getSignedContent() { return signedContent; }
        public void setSignedContent(String signedContent) { this.signedContent = signedContent; }
        public String getTimestampHeader() { return timestampHeader; }
        public void setTimestampHeader(String timestampHeader) { this.timestampHeader = timestampHeader; }
    }

    public static class Destination {
        /** Where deliveries are POSTed; empty = the built-in sandbox receiver /sandbox/{name}. */
        private String url;
        /** Standard Webhooks signing secret (whsec_ + base64) for outbound deliveries. */
        private String secret;
        private Duration timeout = Duration.ofSeconds(15);
        /** Name of the payload mapping: cloudevent (the canonical envelope) or slack-summary. */
        private String mapping = "cloudevent";
        private Retry retry = new Retry();
        /** Deliveries per second at most; 0 = no limit. */
        private double rate;
        /** Deliveries in flight at once at most; 0 = as many as the delivery route has consumers. */
        private int maxConcurrency;
        private CircuitBreaker circuitBreaker = new CircuitBreaker();
        /**
         * Deliver events with the same key in the order received, one at a time (different keys in parallel):
         * jsonpath:EXPR over the canonical event, e.g. jsonpath:$.data.employee_id. Empty = no ordering.
         */
        private String orderingKey;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public String getMapping() { return mapping; }
        public void setMapping(String mapping) { this.mapping = mapping; }
        public double getRate() { return rate; }
        public void setRate(double rate) { this.rate = rate; }
        public int getMaxConcurrency() { return maxConcurrency; }
        public void setMaxConcurrency(int maxConcurrency) { this.maxConcurrency = maxConcurrency; }
        public String getOrderingKey() { return orderingKey; }
        public void setOrderingKey(String orderingKey) { this.orderingKey = orderingKey; }
        public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }
        public void setCircuitBreaker(CircuitBreaker circuitBreaker) { this.circuitBreaker = circuitBreaker; }
        public Retry getRetry() { return retry; }
        public void setRetry(Retry retry) { this.retry = retry; }
    }

    /** Stops hammering a destination that keeps failing: its deliveries pause, and a few probes test it later. */
    public static class CircuitBreaker {
        private boolean enabled = true;
        /** Percentage of failed attempts, over the last window-size attempts, that opens the circuit. */
        private float failureRateThreshold = 50;
        /** Attempts counted before the failure rate is judged. */
        private int minimumCalls = 20;
        private int windowSize = 50;
        /** How long deliveries pause before the destination is probed again. */
        private Duration openFor = Duration.ofSeconds(30);
        /** Probe attempts let through when the pause ends. */
        private int probes = 3;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }
        public int getMinimumCalls() { return minimumCalls; }
        public void setMinimumCalls(int minimumCalls) { this.minimumCalls = minimumCalls; }
        public int getWindowSize() { return windowSize; }
        public void setWindowSize(int windowSize) { this.windowSize = windowSize; }
        public Duration getOpenFor() { return openFor; }
        public void setOpenFor(Duration openFor) { this.openFor = openFor; }
        public int getProbes() { return probes; }
        public void setProbes(int probes) { this.probes = probes; }
    }

    public static class Retry {
        /** Attempts in all, the first included. */
        private int maxAttempts = 8;
        private Duration initial = Duration.ofSeconds(1);
        private double multiplier = 4;
        private Duration maxDelay = Duration.ofHours(2);
        /** Random spread of each delay, as a fraction: 0.2 = up to 20% shorter or longer. */
        private double jitter = 0.2;
        /**
         * Explicit waits before each retry, e.g. [5s, 5m, 30m, 2h, 5h, 10h, 10h] (Svix's schedule after its immediate
         * first attempt). When set it replaces initial/multiplier/max-delay, and attempts = schedule size + 1.
         */
        private List<Duration> schedule = new ArrayList<>();

        public double getJitter() { return jitter; }
        public void setJitter(double jitter) { this.jitter = jitter; }
        public List<Duration> getSchedule() { return schedule; }
        public void setSchedule(List<Duration> schedule) { this.schedule = schedule; }

        /** Attempts in all, from the schedule when there is one. */
        public int attempts() {
            return schedule.isEmpty() ? maxAttempts : schedule.size() + 1;
        }

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitial() { return initial; }
        public void setInitial(Duration initial) { this.initial = initial; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
    }

    /** The hub's use of the broker, embedded or external. */
    public static class Broker {
        /** How long a broker call (a durable send, a commit) may block before it fails; the intake then answers 503. */
        private Duration callTimeout = Duration.ofSeconds(4);
        /** Events a routing or delivery consumer commits in one broker transaction; 1 commits each event alone. */
        private int commitBatchSize = 16;
        /** How long a routing or delivery consumer may hold a broker transaction open to fill its batch. */
        private Duration commitBatchMaxWait = Duration.ofMillis(20);
        /** How long the embedded broker's journal gathers writes into one sync (Artemis' own default is 3.3 ms). */
        private Duration journalSyncInterval = Duration.ofMillis(1);
        /** The broker's management address, asked for queue depths when the broker is external. */
        private String managementAddress = "activemq.management";

        public Duration getCallTimeout() { return callTimeout; }
        public void setCallTimeout(Duration callTimeout) { this.callTimeout = callTimeout; }
        public int getCommitBatchSize() { return commitBatchSize; }
        public void setCommitBatchSize(int commitBatchSize) { this.commitBatchSize = commitBatchSize; }
        public Duration getCommitBatchMaxWait() { return commitBatchMaxWait; }
        public void setCommitBatchMaxWait(Duration commitBatchMaxWait) { this.commitBatchMaxWait = commitBatchMaxWait; }
        public Duration getJournalSyncInterval() { return journalSyncInterval; }
        public void setJournalSyncInterval(Duration journalSyncInterval) { this.journalSyncInterval = journalSyncInterval; }
        public String getManagementAddress() { return managementAddress; }
        public void setManagementAddress(String managementAddress) { this.managementAddress = managementAddress; }
    }
}
