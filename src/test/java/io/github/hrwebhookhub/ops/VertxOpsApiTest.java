package io.github.hrwebhookhub.ops;

import org.springframework.test.context.TestPropertySource;

/** {@link OpsApiTest} with webhooks posted to the Vert.x intake server and the ops API still on server.port. */
@TestPropertySource(properties = {"hub.intake.engine=vertx", "hub.intake.port=0"})
class VertxOpsApiTest extends OpsApiTest {
}
