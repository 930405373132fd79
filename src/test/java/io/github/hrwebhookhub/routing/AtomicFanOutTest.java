package io.github.hrwebhookhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The fan-out is one broker transaction with the event's receipt: when routing fails after the event was already put
 * on payroll's queue (a crash between two sends), payroll's copy is rolled back too and the event stays on hr.events.
 */
@UseAdviceWith
class AtomicFanOutTest extends HubTestSupport {

    private static final AtomicInteger FAILURES = new AtomicInteger();

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void failBetweenTheSends() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "routing", route -> route.interceptSendToEndpoint("jms:queue:" + Queues.deliver("hris"))
                .skipSendToOriginalEndpoint()
                .process(exchange -> {
                    FAILURES.incrementAndGet();
                    throw new IllegalStateException("simulated failure after the payroll send, before the hris send");
                }));
        camel.start();
    }

    @Test
    void failureMidFanOutLeavesNoDestinationWithTheEvent() throws Exception {
        long payrollBefore = messagesAdded(Queues.deliver("payroll"));
        long routedBefore = queue(Queues.EVENTS).getMessagesAcknowledged();
        String sourceId = "msg_" + UUID.randomUUID();
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, sourceId, "employee.created").statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", sourceId);

        // the broker redelivers the event to the router (after 1 s, then 2 s); every attempt fails mid-fan-out
        await().atMost(Duration.ofSeconds(10)).until(() -> FAILURES.get() >= 2);
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() -> {
            assertThat(PAYROLL.requestsFor(eventId)).isEmpty();
            assertThat(messagesAdded(Queues.deliver("payroll"))).as("payroll's copy was rolled back").isEqualTo(payrollBefore);
            assertThat(HRIS.requestsFor(eventId)).isEmpty();
            assertThat(queue(Queues.EVENTS).getMessagesAcknowledged()).as("the event was never taken off hr.events").isEqualTo(routedBefore);
        });
        assertThat(messagesAdded(Queues.ROUTING_DLQ)).as("not yet given up on").isZero();
    }
}
