package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.hrwebhookhub.HubApplication;
import io.github.hrwebhookhub.intake.VertxIntakeServer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real hub on a random port: real routes from routes/, embedded Artemis and database in a fresh data directory,
 * and the three destinations pointed at stub HTTP servers.
 */
@CamelSpringBootTest
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class HubTestSupport {

    public static final String SOURCE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("test source secret 0123456789".getBytes());
    public static final String ROTATED_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("rotated source secret 98765".getBytes());
    public static final String DESTINATION_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("test destination secret 42".getBytes());
    public static final String GITHUB_SECRET = "github-style secret";
    public static final String PARTNER_SECRET = "partner secret";
    public static final int MAX_ATTEMPTS = 4;
    public static final String OPS_USER = "ops";
    public static final String OPS_PASSWORD = "test-ops-password";
    public static final String PII_USER = "hr-auditor";
    public static final String PII_PASSWORD = "test-pii-password";
    public static final String VIEWER_USER = "pii-only";
    public static final String VIEWER_PASSWORD = "test-viewer-password";

    public static final StubDestination PAYROLL = new StubDestination("payroll");
    public static final StubDestination HRIS = new StubDestination("hris");
    public static final StubDestination MESSAGING = new StubDestination("messaging");
    public static final List<StubDestination> ALL = List.of(PAYROLL, HRIS, MESSAGING);

    @LocalServerPort
    protected int port;
    @Autowired
    protected EmbeddedActiveMQ broker;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected JmsTemplate jms;

    @Autowired
    protected org.springframework.context.ApplicationContext applicationContext;

    protected WebhookSender sender;

    /** The port webhooks are posted to: server.port, or the Vert.x intake server's with hub.intake.engine=vertx. */
    protected int intakePort() {
        return applicationContext.getBeanProvider(VertxIntakeServer.class).stream().findFirst().map(VertxIntakeServer::port).orElse(port);
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("hub-test-");
        registry.add("hub.data-dir", dataDir::toString);
        // hub.data-path is derived from hub.data-dir before test property sources exist, so set it here too
        registry.add("hub.data-path", dataDir::toString);
        hubSettings().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Settings shared by every hub a test starts: sources, stub destinations, fast retries. */
    public static Map<String, String> hubSettings() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("hub.sources.demo.secrets[0]", SOURCE_SECRET);
        settings.put("hub.sources.demo.secrets[1]", ROTATED_SECRET);
        // a GitHub-signed sender, event id and type in headers
        settings.put("hub.sources.gh.scheme", "github");
        settings.put("hub.sources.gh.secrets[0]", GITHUB_SECRET);
        settings.put("hub.sources.gh.type-map.hire_candidate", "candidate.hired");
        // a generic HMAC sender with no event id: the id is the body's SHA-256
        settings.put("hub.sources.partner.scheme", "hmac");
        settings.put("hub.sources.partner.secrets[0]", PARTNER_SECRET);
        settings.put("hub.sources.partner.hmac.header", "X-Partner-Signature");
        settings.put("hub.sources.partner.hmac.prefix", "sha256=");
        settings.put("hub.sources.partner.event-type", "jsonpath:$.action");
        settings.put("hub.sources.partner.type-map.[employee.added]", "employee.created");
        for (StubDestination stub : ALL) {
            String prefix = "hub.destinations." + stub.name() + ".";
            settings.put(prefix + "url", stub.url());
            settings.put(prefix + "secret", DESTINATION_SECRET);
            settings.put(prefix + "timeout", "2s");
            settings.put(prefix + "retry.max-attempts", Integer.toString(MAX_ATTEMPTS));
            settings.put(prefix + "retry.initial", "200ms");
            settings.put(prefix + "retry.multiplier", "2");
            settings.put(prefix + "retry.max-delay", "1s");
            settings.put(prefix + "retry.jitter", "0");
            // circuits are exercised in DestinationGuardsTest; elsewhere failures must stay per event
            settings.put(prefix + "circuit-breaker.enabled", "false");
        }
        // network edges: loopback is the trusted proxy, so tests can speak for other client addresses
        settings.put("hub.network.trusted-proxies[0]", "127.0.0.1/32");
        settings.put("hub.network.trusted-proxies[1]", "::1/128");
        settings.put("hub.sources.restricted.secrets[0]", SOURCE_SECRET);
        settings.put("hub.sources.restricted.allow-from[0]", "10.0.0.0/8");
        settings.put("hub.sources.restricted.allow-from[1]", "2001:db8::/32");
        settings.put("hub.sources.limited.secrets[0]", SOURCE_SECRET);
        settings.put("hub.sources.limited.rate-limit", "2");
        settings.put("hub.limits.read-timeout", "2s");
        settings.put("hub.ops.users[0].username", PII_USER);
        settings.put("hub.ops.users[0].password", PII_PASSWORD);
        settings.put("hub.ops.users[0].roles[0]", "OPS");
        settings.put("hub.ops.users[0].roles[1]", "PII");
        // a login without the OPS role: the ops API answers it 403
        settings.put("hub.ops.users[1].username", VIEWER_USER);
        settings.put("hub.ops.users[1].password", VIEWER_PASSWORD);
        settings.put("hub.ops.users[1].roles[0]", "PII");
        settings.put("hub.ops.username", OPS_USER);
        settings.put("hub.ops.password", OPS_PASSWORD);
        settings.put("logging.level.org.apache.activemq", "WARN");
        return settings;
    }

    @BeforeEach
    void resetStubs() {
        ALL.forEach(StubDestination::reset);
        sender = new WebhookSender(intakePort());
    }

    protected Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    /** Messages ever added to a queue: unchanged means nothing was enqueued. */
    protected long messagesAdded(String queue) {
        return queue(queue).getMessagesAdded();
    }

    protected long messageCount(String queue) {
        return queue(queue).getMessageCount();
    }

    /** The JMS properties of every message waiting on a queue. */
    protected List<Map<String, Object>> browse(String queue) {
        return jms.browse(queue, (session, browser) -> {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (Message message : Collections.list((java.util.Enumeration<Message>) browser.getEnumeration())) {
                messages.add(properties(message));
            }
            return messages;
        });
    }

    private static Map<String, Object> properties(Message message) throws JMSException {
        Map<String, Object> properties = new TreeMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            properties.put((String) name, message.getObjectProperty((String) name));
        }
        properties.put("body", message.getBody(String.class));
        return properties;
    }

    protected long ledgerRows(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_ledger WHERE event_id = ?", Long.class, eventId);
    }

    protected long ledgerRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_ledger", Long.class);
    }
}
