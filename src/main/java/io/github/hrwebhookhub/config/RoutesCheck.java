package io.github.hrwebhookhub.config;

import io.github.hrwebhookhub.HubHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetHeaderDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Fails startup with a plain message when routes/ and the configuration disagree, instead of a hub that accepts
 * events and never delivers them: a missing routes folder, a missing core route, a configured destination without a
 * delivery route, or a delivery route for a destination that is not configured.
 */
@Component
public class RoutesCheck implements CamelContextConfiguration {

    private static final String DELIVERY_QUEUE = "queue:hr.deliver.";

    private final HubProperties hub;

    public RoutesCheck(HubProperties hub) {
        this.hub = hub;
        checkRoutesFolder();
    }

    private void checkRoutesFolder() {
        Path dir = hub.routesDir().toAbsolutePath().normalize();
        boolean hasRoutes;
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            hasRoutes = files.anyMatch(f -> f.getFileName().toString().endsWith(".camel.yaml"));
        } catch (IOException e) {
            hasRoutes = false;
        }
        if (!hasRoutes) {
            throw new IllegalStateException("No route files (*.camel.yaml) in " + dir
                    + ": run the hub from the repository root, or set hub.routes-dir to the routes folder");
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        try {
            // at startup only: a dev-profile reload replaces one file's routes at a time, and Camel itself refuses a
            // file that does not load (the previous routes keep serving)
            camelContext.addStartupListener((context, alreadyStarted) -> {
                if (!alreadyStarted) {
                    check(context);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do
    }

    void check(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (String required : List.of("intake", "routing", "routing-table")) {
            if (context.getRoute(required) == null) {
                problems.add("route '" + required + "' is missing from " + hub.routesDir());
            }
        }
        Set<String> delivered = new TreeSet<>();
        for (Route route : context.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            int at = uri.indexOf(DELIVERY_QUEUE);
            if (Queues.onBroker(uri) && at >= 0) {
                String destination = uri.substring(at + DELIVERY_QUEUE.length()).split("\\?", 2)[0];
                delivered.add(destination);
                if (!hub.destinations().containsKey(destination)) {
                    problems.add("route '" + route.getRouteId() + "' delivers to '" + destination
                            + "', which is not configured under hub.destinations");
                }
            }
        }
        RouteDefinition table = context.getCamelContextExtension()
                .getContextPlugin(Model.class).getRouteDefinition("routing-table");
        if (table != null) {
            Set<String> routedTo = new TreeSet<>();
            routingTableDestinations(table.getOutputs(), routedTo);
            for (String destination : routedTo) {
                if (!hub.destinations().containsKey(destination)) {
                    problems.add("the routing table (route 'routing-table') routes to '" + destination
                            + "', which is not configured under hub.destinations");
                }
            }
        }
        for (String destination : hub.destinations().keySet()) {
            if (!delivered.contains(destination)) {
                problems.add("hub.destinations." + destination + " has no delivery route: add a templatedRoute with"
                        + " destination '" + destination + "' to delivery.camel.yaml");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Routes and configuration disagree:\n  " + String.join("\n  ", problems));
        }
    }

    /** Every destination name the routing table's rows set (constant hubDestinations lists). */
    private static void routingTableDestinations(List<ProcessorDefinition<?>> outputs, Set<String> names) {
        for (ProcessorDefinition<?> step : outputs) {
            if (step instanceof SetHeaderDefinition header
                    && HubHeaders.DESTINATIONS.equals(header.getName())
                    && header.getExpression() != null && "constant".equals(header.getExpression().getLanguage())) {
                for (String name : String.valueOf(header.getExpression().getExpression()).split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
            if (step instanceof ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(when -> routingTableDestinations(when.getOutputs(), names));
                if (choice.getOtherwise() != null) {
                    routingTableDestinations(choice.getOtherwise().getOutputs(), names);
                }
            } else {
                routingTableDestinations(step.getOutputs(), names);
            }
        }
    }
}
