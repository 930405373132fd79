package io.github.hrwebhookhub.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import io.github.hrwebhookhub.config.HubProperties;
import io.vertx.core.http.HttpServerRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The sender's address: the connection's, unless that is a trusted proxy, in which case the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy. A header from anyone else is ignored, so a sender cannot
 * talk its way past an allow-from list.
 */
@Component
public class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(HubProperties hub) {
        List<String> problems = problems(hub);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.get(0));
        }
        this.trustedProxies = hub.network().trustedProxies().stream().filter(p -> p != null && !p.isBlank()).map(Cidr::parse).toList();
    }

    /** A trusted proxy that is not an address or CIDR block (part of the startup configuration check). */
    static List<String> problems(HubProperties hub) {
        List<String> problems = new ArrayList<>();
        List<String> proxies = hub.network().trustedProxies();
        for (int i = 0; i < proxies.size(); i++) {
            if (proxies.get(i) != null && !proxies.get(i).isBlank()) {
                try {
                    Cidr.parse(proxies.get(i));
                } catch (IllegalArgumentException e) {
                    problems.add("hub.network.trusted-proxies[" + i + "]: " + e.getMessage());
                }
            }
        }
        return problems;
    }

    public String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), () -> Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /** The same for the Vert.x intake server's requests. */
    public String of(HttpServerRequest request) {
        String remote = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return of(remote, () -> request.headers().getAll("X-Forwarded-For"));
    }

    private String of(String remote, Supplier<List<String>> forwardedHeaders) {
        if (trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, remote)) {
            return remote;
        }
        List<String> forwarded = forwardedHeaders.get().stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i);
            if (Cidr.literal(hop) == null) {
                return remote; // garbage in the header: trust nothing it says
            }
            if (!Cidr.anyContains(trustedProxies, hop)) {
                return hop;
            }
        }
        return remote;
    }
}
