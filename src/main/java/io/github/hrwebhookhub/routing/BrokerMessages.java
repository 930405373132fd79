package io.github.hrwebhookhub.routing;

import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.config.BrokerHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * Turns a message received from the broker into a plain Camel message with the same body and the hub's own headers.
 * The received message stays tied to the broker's: every copy of it (one per destination in a fan-out) reads the
 * broker message's properties again. The broker's bookkeeping headers (see {@link BrokerHeaders}) are left behind,
 * so they are never re-sent.
 */
@Component("brokerMessages")
public class BrokerMessages {

    public void detach(Exchange exchange) {
        Message received = exchange.getIn();
        // whether the broker delivers this message again (a rolled-back transaction): its audit rows may exist already
        exchange.setProperty(AuditTrail.REDELIVERED, received.getHeader("JMSRedelivered", false, Boolean.class));
        DefaultMessage plain = new DefaultMessage(exchange);
        plain.setBody(received.getBody(String.class));
        BrokerHeaders.copyHeaders(received.getHeaders(), plain.getHeaders());
        exchange.setIn(plain);
    }
}
