package io.github.hrwebhookhub.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hrwebhookhub.intake.SourceMappings;
import io.github.hrwebhookhub.intake.Sources;

import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.store.PayloadCipher;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.BrokerHeaders;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.routing.SchemaGuard;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

/**
 * Accepted events the schema guard parked on {@code hr.quarantine}: listed for ops with their violations, and
 * replayed (back onto {@code hr.events}, where the guard checks them again) once the mapping or schema is fixed.
 */
@Component
public class Quarantine {

    /** Properties of a parked message that do not travel with its replay. */
    private static final Set<String> DROPPED = Set.of(HubHeaders.SEALED, SchemaGuard.QUARANTINE, SchemaGuard.VIOLATIONS,
            HubHeaders.DESTINATIONS);

    private final JmsTemplate browser;
    private final JmsTemplate transacted;
    private final PayloadCipher cipher;
    private final Redactor redactor;
    private final AuditTrail audit;
    private final SourceMappings sourceMappings;
    private final Sources sources;
    private final ObjectMapper json;

    public Quarantine(ConnectionFactory connectionFactory, PayloadCipher cipher, Redactor redactor, AuditTrail audit,
                      SourceMappings sourceMappings, Sources sources, ObjectMapper json) {
        this.json = json;
        this.sourceMappings = sourceMappings;
        this.sources = sources;
        this.browser = new JmsTemplate(connectionFactory);
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.cipher = cipher;
        this.redactor = redactor;
        this.audit = audit;
    }

    /** One page of the parked events, oldest first, with how many there are in all. */
    public OpsResponses.QuarantinePage list(int page, int size, boolean showPii) {
        DeadLetters.Browsed<OpsResponses.QuarantinedEvent> browsed = DeadLetters.browse(browser, Queues.QUARANTINE, page, size,
                message -> describe(message, showPii));
        return new OpsResponses.QuarantinePage(Queues.QUARANTINE, page, size, browsed.total(), browsed.items());
    }

    private OpsResponses.QuarantinedEvent describe(Message message, boolean showPii) throws JMSException {
        JsonNode shown;
        try {
            JsonNode payload = json.readTree(body(message));
            shown = showPii ? payload : redactor.redact(payload);
        } catch (IOException | RuntimeException e) {
            shown = DeadLetters.UNREADABLE;
        }
        return new OpsResponses.QuarantinedEvent(message.getStringProperty(HubHeaders.EVENT_ID), message.getStringProperty(HubHeaders.TYPE),
                message.getStringProperty(HubHeaders.SOURCE), message.getStringProperty(SchemaGuard.VIOLATIONS),
                Instant.ofEpochMilli(message.getJMSTimestamp()).toString(), shown);
    }

    private String body(Message message) throws JMSException {
        String body = message.getBody(String.class);
        return message.propertyExists(HubHeaders.SEALED) && message.getBooleanProperty(HubHeaders.SEALED) ? cipher.openText(body) : body;
    }

    /** The envelope with its vendor payload mapped again by the current source mapping (a fixed mapping applies). */
    private String remapped(String envelope) {
        try {
            JsonNode node = json.readTree(envelope);
            if (node instanceof ObjectNode event && event.has("sourcedata")) {
                sourceMappings.remap(event, sources);
                return event.toString();
            }
        } catch (IOException unreadable) {
            // sent on as it is: the guard will park it again and say why
        }
        return envelope;
    }

    /** Moves the matching parked events back onto hr.events, to be checked and routed again; returns how many. */
    public int replay(DeadLetters.Filter filter, String actor) {
        return transacted.execute(session -> {
            List<String> replayed = new ArrayList<>();
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.QUARANTINE), filter.selector());
            MessageProducer producer = session.createProducer(session.createQueue(Queues.EVENTS));
            try {
                Message message;
                while ((message = consumer.receive(500)) != null) {
                    TextMessage copy = session.createTextMessage(remapped(body(message)));
                    // not the broker's own properties: the original's duplicate id would make the broker drop it
                    BrokerHeaders.copyProperties(message, copy, DROPPED);
                    copy.setStringProperty("hubReplayedBy", actor);
                    producer.send(copy);
                    replayed.add(message.getStringProperty(HubHeaders.EVENT_ID));
                }
                replayed.forEach(id -> audit.opsAction(id, "replayed", null, "from " + Queues.QUARANTINE, actor));
                JmsUtils.commitIfNecessary(session);
            } finally {
                JmsUtils.closeMessageConsumer(consumer);
                JmsUtils.closeMessageProducer(producer);
            }
            return replayed.size();
        }, true);
    }
}
