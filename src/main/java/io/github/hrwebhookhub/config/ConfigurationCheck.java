package io.github.hrwebhookhub.config;

import java.util.List;

/**
 * A startup check of the configuration that needs more than the constraint annotations on {@link HubProperties}: a
 * signing secret that must decode, a scheme that must exist, a key that must be 32 bytes. Each package that owns such
 * a rule contributes a bean; {@link HubConfigurationValidator} runs them all with the constraints and stops the hub
 * once, listing every problem.
 *
 * <p>A check must not depend on {@link HubProperties} (it runs while that bean is being bound) and must never put a
 * configured value in a message: secrets and keys are configured values.
 */
@FunctionalInterface
public interface ConfigurationCheck {

    /** Every problem found, each written {@code hub.some.key: what is wrong}; empty when all is well. */
    List<String> problems(HubProperties hub);
}
