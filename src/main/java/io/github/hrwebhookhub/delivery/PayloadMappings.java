package io.github.hrwebhookhub.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Every payload mapping by name: the built-in ones (beans) and the mapping folders under routes/mappings/destinations/. */
@Component
public class PayloadMappings {

    private final Map<String, PayloadMapping> byName;

    /** The mapping beans and the mapping folders under routes/mappings/destinations/. */
    @Autowired
    public PayloadMappings(List<PayloadMapping> beans, FileMappings files) {
        this(Stream.concat(beans.stream(), files.mappings().stream()).toList());
    }

    public PayloadMappings(List<PayloadMapping> mappings) {
        this.byName = mappings.stream().collect(Collectors.toMap(PayloadMapping::name, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two payload mappings named " + a.name() + " (a folder under routes/mappings/destinations/ may not reuse a built-in name)");
        }, TreeMap::new));
    }

    public Optional<PayloadMapping> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
