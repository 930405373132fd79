package io.github.hrwebhookhub.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Every {@link PayloadMapping} bean, by name. */
@Component
public class PayloadMappings {

    private final Map<String, PayloadMapping> byName;

    public PayloadMappings(List<PayloadMapping> mappings) {
        this.byName = mappings.stream().collect(Collectors.toMap(PayloadMapping::name, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two payload mappings named " + a.name());
        }, TreeMap::new));
    }

    public Optional<PayloadMapping> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
