package io.github.hrwebhookhub.ops;

import io.github.hrwebhookhub.routing.SchemaGuard;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.delivery.Destinations;
import io.github.hrwebhookhub.intake.Sources;
import io.github.hrwebhookhub.intake.WebhookReceiver;
import io.github.hrwebhookhub.intake.WebhookRejection;
import io.github.hrwebhookhub.signing.SignedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * What the hub would do with a sample payload, without doing it: the canonical envelope the source's settings make
 * of it, its canonical type, whether the schema guard would park it (and why), the destinations the routing table
 * (route {@code routing-table}) sends it to, and what each destination's mapping would POST. Nothing is verified,
 * stored, enqueued or delivered.
 */
@Component
public class DryRun {

    /** The answer, unredacted: the caller redacts for users without the PII role. */
    public record Result(WebhookReceiver.Canonical canonical, List<String> violations, List<String> routingTable,
                         List<String> destinations, Map<String, Delivery> deliveries) {
    }

    public record Delivery(String mapping, JsonNode payload) {
    }

    private final Sources sources;
    private final WebhookReceiver receiver;
    private final Destinations destinations;
    private final ProducerTemplate routingTable;
    private final Clock clock;
    private final SchemaGuard schemaGuard;

    public DryRun(Sources sources, WebhookReceiver receiver, Destinations destinations, CamelContext camel, Clock clock,
                  SchemaGuard schemaGuard) {
        this.schemaGuard = schemaGuard;
        this.sources = sources;
        this.receiver = receiver;
        this.destinations = destinations;
        this.routingTable = camel.createProducerTemplate();
        this.clock = clock;
    }

    /** @throws WebhookRejection with the status and error code the intake would answer for the same payload */
    public Result run(String sourceName, Map<String, List<String>> headers, byte[] body) {
        Sources.Source source = sources.find(sourceName)
                .orElseThrow(() -> new WebhookRejection(404, "unknown_source", "no source named " + sourceName, "unknown source"));
        WebhookReceiver.Canonical canonical = receiver.canonicalise(source, new SignedRequest(headers, body), clock.instant());

        Exchange routed = routingTable.send("direct:routing-table", exchange -> exchange.getIn().setHeader(HubHeaders.TYPE, canonical.canonicalType()));
        if (routed.getException() != null) {
            throw new IllegalStateException("the routing table failed: " + routed.getException().getMessage());
        }
        String names = routed.getMessage().getHeader(HubHeaders.DESTINATIONS, "", String.class);
        List<String> routedTo = Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();

        // as the router does: a record that breaks its schema goes nowhere but hr.quarantine
        List<String> violations = schemaGuard.violations(canonical.envelope());
        List<String> goesTo = violations.isEmpty() ? routedTo : List.of();
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        for (String name : goesTo) {
            Destinations.Destination destination = destinations.get(name);
            deliveries.put(name, new Delivery(destination.mapping().name(), destination.mapping().map(canonical.envelope())));
        }
        return new Result(canonical, violations, routedTo, goesTo, deliveries);
    }
}
