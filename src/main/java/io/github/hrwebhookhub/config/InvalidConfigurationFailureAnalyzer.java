package io.github.hrwebhookhub.config;

import java.util.List;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.ObjectError;

/**
 * Turns a refused {@code hub.*} configuration into the startup report: every problem on its own line, and none of
 * the values (Spring Boot's own report for a bind validation failure prints each rejected value).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        if (!"hub".equals(cause.getValidationErrors().getName().toString())) {
            return null;
        }
        List<String> problems = cause.getValidationErrors().getAllErrors().stream().map(ObjectError::getDefaultMessage).toList();
        String description = "The hub's configuration has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ":\n\n    " + String.join("\n    ", problems) + "\n";
        return new FailureAnalysis(description, "Correct the settings above (application.yaml, HUB_* environment variables or "
                + "--hub.* arguments; every key is described in docs/configuration.md) and start the hub again.", cause);
    }
}
