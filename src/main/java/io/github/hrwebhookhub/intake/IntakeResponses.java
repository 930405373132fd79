package io.github.hrwebhookhub.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.LogFields;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.metrics.HubMetrics;
import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The intake's answers to the sender, as docs/how-it-works.md's "Intake answers" table lists them. Only the headers set here reach the
 * response: nothing of the request is echoed.
 */
@Component("intakeResponses")
public class IntakeResponses {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeResponses.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;
    private final AuditTrail audit;
    private final HubMetrics metrics;

    public IntakeResponses(ObjectMapper json, AuditTrail audit, HubMetrics metrics) {
        this.json = json;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** The event is already safe on the broker: an audit failure is logged, never turned into an error answer. */
    private void audit(String eventId, Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            LOG.warn("event {}: audit step not recorded ({})", eventId, e.getClass().getSimpleName());
        }
    }

    public void accepted(Exchange exchange) {
        String id = exchange.getIn().getHeader(HubHeaders.EVENT_ID, String.class);
        Object source = exchange.getIn().getHeader(HubHeaders.SOURCE);
        Object type = exchange.getIn().getHeader(HubHeaders.TYPE);
        LogFields.log(id, source, type, null, null, "accepted", () -> LOG.info("event {} from {} type {}: accepted", id, source, type));
        metrics.accepted(exchange.getIn().getHeader(HubHeaders.SOURCE), exchange.getIn().getHeader(HubHeaders.RECEIVED_AT, 0L, Long.class));
        respond(exchange, 202, Map.of("id", id, "status", "accepted"), null);
    }

    public void duplicate(Exchange exchange) {
        String id = exchange.getIn().getHeader(HubHeaders.EVENT_ID, String.class);
        Object source = exchange.getIn().getHeader(HubHeaders.SOURCE);
        Object type = exchange.getIn().getHeader(HubHeaders.TYPE);
        LogFields.log(id, source, type, null, null, "duplicate", () -> LOG.info("event {} from {} type {}: duplicate", id, source, type));
        audit(id, () -> audit.duplicate(exchange));
        metrics.duplicate(exchange.getIn().getHeader(HubHeaders.SOURCE));
        respond(exchange, 200, Map.of("id", id, "status", "duplicate"), null);
    }

    /** Answers the exception that stopped the intake route: its own status for a rejection, 503 for the rest. */
    public void rejected(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object source = exchange.getProperty(HubHeaders.SOURCE);
        if (cause instanceof WebhookRejection rejection) {
            LogFields.log(exchange.getProperty(HubHeaders.EVENT_ID, String.class), source, null, null, null, "rejected",
                    () -> LOG.info("request to source {}: rejected {} ({})", source == null ? "?" : source, rejection.status(),
                            rejection.logReason()));
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", rejection.error());
            if (rejection.detail() != null) {
                body.put("detail", rejection.detail());
            }
            audit.rejected(exchange, rejection.status(), rejection.error() + ": " + rejection.logReason());
            metrics.rejected(source, rejection.error());
            respond(exchange, rejection.status(), body, rejection.retryAfter());
        } else {
            // Broker or database trouble, or a bug: nothing was stored, and the sender may safely retry.
            if (cause instanceof JmsException || cause instanceof DataAccessException || cause instanceof EventLedger.ClaimBusyException) {
                LOG.warn("request to source {}: not stored, answered 503 ({}: {})", source == null ? "?" : source,
                        cause.getClass().getSimpleName(), rootMessage(cause));
            } else {
                LOG.error("request to source {}: not stored, answered 503", source == null ? "?" : source, cause);
            }
            audit.rejected(exchange, 503, "not stored: " + cause.getClass().getSimpleName());
            metrics.rejected(source, "unavailable");
            respond(exchange, 503, Map.of("error", "unavailable", "detail", "event not stored; retry later"), RETRY_AFTER_SECONDS);
        }
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void respond(Exchange exchange, int status, Map<String, String> body, String retryAfter) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (retryAfter != null) {
            out.setHeader("Retry-After", retryAfter);
        }
        try {
            out.setBody(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
