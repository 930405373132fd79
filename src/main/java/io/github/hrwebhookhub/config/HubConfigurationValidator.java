package io.github.hrwebhookhub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The one place the hub's configuration is judged, while {@code hub.*} is bound: the constraint annotations on
 * {@link HubProperties} over the whole tree, the rules that span several settings, and every
 * {@link ConfigurationCheck} the other packages contribute. All problems are reported together, each as
 * {@code hub.some.key: what is wrong}, so one start shows everything to fix; no message carries a configured value.
 *
 * <p>Registered as Spring Boot's {@code configurationPropertiesValidator} rather than through {@code @Validated}: bean
 * validation at bind time stops at the first nested object with a violation and its failure report prints each
 * rejected value, which for this configuration may be a secret.
 */
public class HubConfigurationValidator implements Validator {

    private final ValidatorFactory factory = Validation.byProvider(HibernateValidator.class).configure()
            .buildValidatorFactory();
    private final ObjectProvider<ConfigurationCheck> checks;

    public HubConfigurationValidator(ObjectProvider<ConfigurationCheck> checks) {
        this.checks = checks;
    }

    @Override
    public boolean supports(Class<?> type) {
        return HubProperties.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        for (String problem : problems((HubProperties) target)) {
            errors.reject("hub.invalid", problem);
        }
    }

    /** Every problem in this configuration, constraints first (in key order), then the checks'. */
    public List<String> problems(HubProperties hub) {
        List<String> problems = new ArrayList<>(factory.getValidator().validate(hub).stream()
                .map(v -> key(v.getPropertyPath()) + ": " + v.getMessage())
                .sorted(Comparator.naturalOrder()).distinct().toList());
        problems.addAll(crossChecks(hub));
        checks.orderedStream().forEach(check -> problems.addAll(check.problems(hub)));
        return problems;
    }

    private static List<String> crossChecks(HubProperties hub) {
        List<String> problems = new ArrayList<>();
        if (hub.limits().maxBody() != null && hub.limits().maxBody().toBytes() < 1) {
            problems.add("hub.limits.max-body: must be positive");
        }
        for (Map.Entry<String, HubProperties.Destination> destination : hub.destinations().entrySet()) {
            HubProperties.Retry retry = destination.getValue().retry();
            Duration initial = retry.initial();
            if (initial != null && retry.maxDelay() != null && retry.maxDelay().compareTo(initial) < 0) {
                problems.add("hub.destinations." + destination.getKey() + ".retry.max-delay: must not be shorter than "
                        + "retry.initial");
            }
        }
        return problems;
    }

    /**
     * A violation's path as the key a user writes: {@code destinations[payroll].retry.maxAttempts} is
     * {@code hub.destinations.payroll.retry.max-attempts}, {@code ops.users[0].password} is {@code hub.ops.users[0].password}.
     */
    static String key(Path path) {
        StringBuilder key = new StringBuilder("hub");
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                key.append('[').append(node.getIndex()).append(']');
            } else if (node.isInIterable() && node.getKey() != null) {
                key.append('.').append(node.getKey());
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                key.append('.').append(kebab(name));
            }
        }
        return key.toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
