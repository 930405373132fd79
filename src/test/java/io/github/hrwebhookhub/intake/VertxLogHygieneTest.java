package io.github.hrwebhookhub.intake;

import org.springframework.test.context.TestPropertySource;

/** {@link LogHygieneTest} with webhooks on the Vert.x intake server: its errors must not log bodies either. */
@TestPropertySource(properties = {"hub.intake.engine=vertx", "hub.intake.port=0"})
class VertxLogHygieneTest extends LogHygieneTest {
}
