package io.github.hrwebhookhub.intake;

import org.springframework.test.context.TestPropertySource;

/** {@link HostileRequestsTest} against the non-blocking intake server (hub.intake.engine=vertx on its own port). */
@TestPropertySource(properties = {"hub.intake.engine=vertx", "hub.intake.port=0"})
class VertxHostileRequestsTest extends HostileRequestsTest {
}
