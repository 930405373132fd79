package io.github.hrwebhookhub.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.hrwebhookhub.config.ConfigurationCheck;
import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The ops API's part of the startup configuration check: a hub on an external broker (several instances behind a
 * load balancer) needs one ops password, and no two logins share a name. Passwords are never shown.
 */
@Component
class OpsChecks implements ConfigurationCheck {

    private final boolean externalBroker;

    OpsChecks(@Value("${spring.artemis.mode:embedded}") String brokerMode) {
        this.externalBroker = "native".equalsIgnoreCase(brokerMode);
    }

    @Override
    public List<String> problems(HubProperties hub) {
        return of(hub, externalBroker);
    }

    static List<String> of(HubProperties hub, boolean externalBroker) {
        List<String> problems = new ArrayList<>();
        String password = hub.ops().password();
        if ((password == null || password.isBlank()) && externalBroker) {
            // each instance would generate its own: the login would work on one instance only
            problems.add("hub.ops.password: must be set (env HUB_OPS_PASSWORD) when the hub uses an external broker: "
                    + "every instance must accept the same ops login");
        }
        Set<String> names = new HashSet<>();
        names.add(hub.ops().username());
        for (int i = 0; i < hub.ops().users().size(); i++) {
            String name = hub.ops().users().get(i).username();
            if (name != null && !names.add(name)) {
                problems.add("hub.ops.users[" + i + "].username: '" + name + "' is already a login");
            }
        }
        return problems;
    }
}
