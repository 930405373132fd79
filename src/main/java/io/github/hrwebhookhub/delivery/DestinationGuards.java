package io.github.hrwebhookhub.delivery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Queues;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Per destination: a circuit breaker that pauses its delivery route while it keeps failing and probes it again
 * later, a rate limit, and a cap on deliveries in flight (Resilience4j). The circuit states show in
 * {@code /actuator/health} under "destinations" (always UP: a bad downstream never makes the hub unready) and as the
 * gauge {@code hub_destination_circuit_state} (0 closed, 1 half-open, 2 open).
 */
@Component("destinationGuards")
public class DestinationGuards implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationGuards.class);

    /** One destination's guards; the limiters are null where no limit is configured. */
    public record Guard(String destination, CircuitBreaker breaker, RateLimiter rate, Bulkhead concurrency, Duration openFor) {
    }

    private final Map<String, Guard> guards = new LinkedHashMap<>();
    private final CamelContext camel;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "destination-circuits");
        thread.setDaemon(true);
        return thread;
    });

    public DestinationGuards(HubProperties hub, CamelContext camel, MeterRegistry meters) {
        this.camel = camel;
        hub.destinations().forEach((name, settings) -> {
            Guard guard = guard(name, settings);
            guards.put(name, guard);
            Gauge.builder("hub.destination.circuit.state", guard.breaker(), DestinationGuards::stateValue)
                    .description("Circuit breaker state per destination: 0 closed, 1 half-open, 2 open")
                    .tag("destination", name).register(meters);
        });
    }

    private Guard guard(String name, HubProperties.Destination settings) {
        HubProperties.CircuitBreaker circuit = settings.circuitBreaker();
        CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(circuit.failureRateThreshold())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .slidingWindowSize(Math.max(circuit.windowSize(), circuit.minimumCalls()))
                .waitDurationInOpenState(circuit.openFor())
                .permittedNumberOfCallsInHalfOpenState(circuit.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        if (!circuit.enabled()) {
            breaker.transitionToDisabledState();
        }
        breaker.getEventPublisher().onStateTransition(event -> {
            LOG.warn("destination {}: circuit {}", name, event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                pause(name, circuit.openFor());
            }
        });
        RateLimiter rate = settings.rate() <= 0 ? null : RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / settings.rate())))
                .timeoutDuration(Duration.ofHours(1))
                .build());
        Bulkhead concurrency = settings.maxConcurrency() <= 0 ? null : Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrency())
                .maxWaitDuration(Duration.ofHours(1))
                .build());
        return new Guard(name, breaker, rate, concurrency, circuit.openFor());
    }

    public Guard get(String destination) {
        return guards.get(destination);
    }

    /** Suspends the destination's delivery route (its messages wait on the broker) and resumes it after the pause. */
    private void pause(String destination, Duration openFor) {
        scheduler.execute(() -> routeAction(destination, true));
        scheduler.schedule(() -> routeAction(destination, false), openFor.toMillis() + 50, TimeUnit.MILLISECONDS);
    }

    private void routeAction(String destination, boolean suspend) {
        for (Route route : camel.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (Queues.onBroker(uri) && uri.contains("queue:" + Queues.deliver(destination))
                    && !uri.contains("queue:" + Queues.deliver(destination) + ".")) {
                try {
                    if (suspend) {
                        camel.getRouteController().suspendRoute(route.getRouteId());
                    } else {
                        camel.getRouteController().resumeRoute(route.getRouteId());
                    }
                    LOG.info("destination {}: delivery route {} {}", destination, route.getRouteId(), suspend ? "paused" : "resumed");
                } catch (Exception e) {
                    LOG.warn("destination {}: could not {} route {} ({})", destination, suspend ? "pause" : "resume",
                            route.getRouteId(), e.getMessage());
                }
            }
        }
    }

    static double stateValue(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        guards.forEach((name, guard) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("circuit", guard.breaker().getState().name());
            detail.put("failureRate", guard.breaker().getMetrics().getFailureRate());
            health.withDetail(name, detail);
        });
        return health.build();
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
