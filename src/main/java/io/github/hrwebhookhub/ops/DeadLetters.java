package io.github.hrwebhookhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.store.PayloadCipher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.BrokerHeaders;
import io.github.hrwebhookhub.config.Queues;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

/**
 * Dead-lettered deliveries on {@code hr.dlq.<destination>}: listed, replayed onto the destination's delivery queue
 * (same webhook-id, attempts counted afresh) or discarded. Replay and discard move messages in one broker
 * transaction, and each is recorded in the audit trail with the user who did it.
 */
@Component
public class DeadLetters {

    private static final Pattern EVENT_ID = Pattern.compile("evt_[0-9a-f]{32}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    /** What the ops API shows for a payload it cannot open or parse. */
    static final JsonNode UNREADABLE = TextNode.valueOf("(unreadable)");
    /** Delivery bookkeeping that starts afresh on replay. */
    private static final Set<String> RESET = Set.of(HubHeaders.ATTEMPT, HubHeaders.DEAD_REASON, HubHeaders.LAST_STATUS,
            HubHeaders.LAST_ERROR, HubHeaders.FIRST_ATTEMPT_AT, HubHeaders.LAST_ATTEMPT_AT, HubHeaders.OUTCOME, "hubReplayedBy");

    /** Which dead letters an operation applies to; every field optional (none = all). */
    public record Filter(String eventId, String type, Instant since) {
        public Filter {
            if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
                throw OpsProblem.badRequest("id must look like evt_ followed by 32 hex digits");
            }
            if (type != null && !TYPE.matcher(type).matches()) {
                throw OpsProblem.badRequest("type may only hold letters, digits and . _ : -");
            }
        }

        /** A JMS selector built from validated values only. */
        String selector() {
            List<String> terms = new ArrayList<>();
            if (eventId != null) {
                terms.add(HubHeaders.EVENT_ID + " = '" + eventId + "'");
            }
            if (type != null) {
                terms.add(HubHeaders.TYPE + " = '" + type + "'");
            }
            if (since != null) {
                terms.add(HubHeaders.LAST_ATTEMPT_AT + " >= " + since.toEpochMilli());
            }
            return terms.isEmpty() ? null : String.join(" AND ", terms);
        }
    }

    private final JmsTemplate browser;
    private final JmsTemplate transacted;
    private final AuditTrail audit;
    private final PayloadCipher cipher;
    private final Redactor redactor;
    private final ObjectMapper json;

    public DeadLetters(ConnectionFactory connectionFactory, AuditTrail audit, PayloadCipher cipher, Redactor redactor,
                       ObjectMapper json) {
        this.json = json;
        this.cipher = cipher;
        this.redactor = redactor;
        this.browser = new JmsTemplate(connectionFactory);
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.audit = audit;
    }

    /** One page of the parked deliveries, oldest first, and how many there are in all. */
    public OpsResponses.DeadLetterPage list(String destination, int page, int size, boolean showPii) {
        Browsed<OpsResponses.DeadLetter> browsed = browse(browser, Queues.deadLetter(destination), page, size,
                message -> describe(message, showPii));
        return new OpsResponses.DeadLetterPage(destination, page, size, browsed.total(), browsed.items());
    }

    /** How a browsed message is shown. */
    interface Describer<T> {
        T describe(Message message) throws JMSException;
    }

    /** One page of a queue's messages and how many there are in all. */
    record Browsed<T>(int total, List<T> items) {
    }

    /** One page of a queue's messages, oldest first, each as the describer shows it, with how many there are in all. */
    static <T> Browsed<T> browse(JmsTemplate browser, String queue, int page, int size, Describer<T> describer) {
        return browser.browse(queue, (session, queueBrowser) -> {
            List<T> items = new ArrayList<>();
            int index = 0;
            for (Object next : Collections.list(queueBrowser.getEnumeration())) {
                if (index >= page * size && items.size() < size) {
                    items.add(describer.describe((Message) next));
                }
                index++;
            }
            return new Browsed<>(index, items);
        });
    }

    private OpsResponses.DeadLetter describe(Message message, boolean showPii) throws JMSException {
        return new OpsResponses.DeadLetter(message.getStringProperty(HubHeaders.EVENT_ID), message.getStringProperty(HubHeaders.TYPE),
                message.getStringProperty(HubHeaders.SOURCE), message.getStringProperty(HubHeaders.DEAD_REASON),
                integer(message, HubHeaders.ATTEMPT), integer(message, HubHeaders.LAST_STATUS),
                message.getStringProperty(HubHeaders.LAST_ERROR), time(message, HubHeaders.FIRST_ATTEMPT_AT),
                time(message, HubHeaders.LAST_ATTEMPT_AT), payload(message, showPii));
    }

    /** A numeric property, or null when the message has none. */
    private static Integer integer(Message message, String property) throws JMSException {
        return message.getObjectProperty(property) instanceof Number number ? number.intValue() : null;
    }

    /** The parked payload, opened, and redacted for callers without the PII role. */
    private JsonNode payload(Message message, boolean showPii) throws JMSException {
        try {
            String body = message.getBody(String.class);
            if (message.propertyExists(HubHeaders.SEALED) && message.getBooleanProperty(HubHeaders.SEALED)) {
                body = cipher.openText(body);
            }
            JsonNode node = json.readTree(body);
            return showPii ? node : redactor.redact(node);
        } catch (IOException | RuntimeException e) {
            return UNREADABLE;
        }
    }

    private static String time(Message message, String property) throws JMSException {
        return message.propertyExists(property) ? Instant.ofEpochMilli(message.getLongProperty(property)).toString() : null;
    }

    /** Moves the matching dead letters back onto the delivery queue; returns how many. */
    public int replay(String destination, Filter filter, String actor) {
        return move(destination, filter, true, actor,
                id -> audit.opsAction(id, "replayed", destination, "from " + Queues.deadLetter(destination), actor)).size();
    }

    /** Drops the matching dead letters for good; returns how many. */
    public int discard(String destination, Filter filter, String reason, String actor) {
        return move(destination, filter, false, actor, id -> audit.opsAction(id, "discarded", destination, reason, actor)).size();
    }

    /** Takes the matching dead letters off the queue (re-sending them when replaying), recording each before the commit. */
    private List<String> move(String destination, Filter filter, boolean replay, String actor, Consumer<String> record) {
        return transacted.execute(session -> {
            List<String> moved = new ArrayList<>();
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.deadLetter(destination)), filter.selector());
            MessageProducer producer = replay ? session.createProducer(session.createQueue(Queues.deliver(destination))) : null;
            try {
                Message message;
                while ((message = consumer.receive(500)) != null) {
                    moved.add(message.getStringProperty(HubHeaders.EVENT_ID));
                    if (producer != null) {
                        producer.send(copyForReplay(session, message, actor));
                    }
                }
                // recorded before the commit, so the timeline never shows the replayed delivery before the replay
                moved.forEach(record);
                JmsUtils.commitIfNecessary(session);
            } finally {
                JmsUtils.closeMessageConsumer(consumer);
                JmsUtils.closeMessageProducer(producer);
            }
            return moved;
        }, true);
    }

    private static Message copyForReplay(Session session, Message original, String actor) throws JMSException {
        TextMessage copy = session.createTextMessage(original.getBody(String.class));
        BrokerHeaders.copyProperties(original, copy, RESET);
        copy.setIntProperty(HubHeaders.ATTEMPT, 1);
        copy.setStringProperty("hubReplayedBy", actor);
        return copy;
    }

    /** Sends an event, already delivered or not, to a destination again, on purpose. */
    public void redeliver(String destination, AuditTrail.Event event, byte[] envelope, String actor) {
        send(destination, event, envelope, actor, null);
    }

    /**
     * A held event released by ops, sent now as the given generation of its hold (the audit step is the hold's);
     * the copy still scheduled for its date becomes void.
     */
    public void sendReleased(String destination, AuditTrail.Event event, byte[] envelope, int holdGeneration) {
        send(destination, event, envelope, null, holdGeneration);
    }

    private void send(String destination, AuditTrail.Event event, byte[] envelope, String actor, Integer holdGeneration) {
        String eventId = event.id();
        transacted.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.deliver(destination)));
            try {
                TextMessage message = session.createTextMessage(new String(envelope, StandardCharsets.UTF_8));
                message.setStringProperty(HubHeaders.EVENT_ID, eventId);
                message.setStringProperty(HubHeaders.SOURCE, event.source());
                message.setStringProperty(HubHeaders.SOURCE_EVENT_ID, event.sourceEventId());
                message.setStringProperty(HubHeaders.TYPE, event.type());
                message.setLongProperty(HubHeaders.RECEIVED_AT, event.receivedAt().toEpochMilli());
                message.setIntProperty(HubHeaders.ATTEMPT, 1);
                if (holdGeneration == null) {
                    message.setStringProperty("hubRedeliveredBy", actor);
                } else {
                    message.setIntProperty(HubHeaders.HOLD, holdGeneration);
                }
                producer.send(message);
                if (holdGeneration == null) {
                    audit.opsAction(eventId, "redelivered", destination, "sent again on purpose", actor);
                }
                JmsUtils.commitIfNecessary(session);
            } finally {
                JmsUtils.closeMessageProducer(producer);
            }
            return null;
        }, true);
    }
}
