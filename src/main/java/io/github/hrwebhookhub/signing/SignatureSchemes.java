package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Every {@link SignatureScheme} bean, by name. */
@Component
public class SignatureSchemes {

    private final Map<String, SignatureScheme> byName;

    public SignatureSchemes(List<SignatureScheme> schemes) {
        this.byName = schemes.stream()
                .collect(Collectors.toMap(SignatureScheme::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two signature schemes named " + a.name());
                }, TreeMap::new));
    }

    public Optional<SignatureScheme> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public SignatureScheme get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown scheme " + name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
