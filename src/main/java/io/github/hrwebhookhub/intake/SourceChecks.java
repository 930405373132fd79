package io.github.hrwebhookhub.intake;

import java.util.ArrayList;
import java.util.List;

import io.github.hrwebhookhub.config.ConfigurationCheck;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.signing.SignatureSchemes;
import org.springframework.stereotype.Component;

/**
 * The intake's part of the startup configuration check: every source's scheme, secrets (never shown), event id and
 * type locations, allow-from blocks, and the trusted proxies.
 */
@Component
class SourceChecks implements ConfigurationCheck {

    private final SignatureSchemes schemes;

    SourceChecks(SignatureSchemes schemes) {
        this.schemes = schemes;
    }

    @Override
    public List<String> problems(HubProperties hub) {
        List<String> problems = new ArrayList<>(Sources.problems(hub, schemes));
        problems.addAll(ClientAddress.problems(hub));
        return problems;
    }
}
