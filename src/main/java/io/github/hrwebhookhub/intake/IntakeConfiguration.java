package io.github.hrwebhookhub.intake;

import io.github.hrwebhookhub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** Raw body capture and size limit, in front of the Camel intake route (engine servlet). */
    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter(HubProperties hub) {
        String engine = hub.getIntake().getEngine();
        if (!"servlet".equalsIgnoreCase(engine) && !hub.getIntake().isVertx()) {
            throw new IllegalStateException("hub.intake.engine: '" + engine + "' is neither servlet nor vertx");
        }
        FilterRegistrationBean<RawBodyFilter> registration =
                new FilterRegistrationBean<>(new RawBodyFilter(hub.getLimits().getMaxBody().toBytes(), hub.getLimits().getReadTimeout()));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Engine vertx: the webhooks on their own non-blocking server, on hub.intake.port. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hub.intake.engine", havingValue = "vertx")
    static class VertxIntake {

        @Bean(destroyMethod = "close")
        VertxIntakeServer vertxIntakeServer(HubProperties hub) {
            return new VertxIntakeServer(hub);
        }

        @Bean
        CamelContextConfiguration vertxIntakeEngine(VertxIntakeServer server) {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    server.bindTo(camelContext);
                    server.start();
                }

                @Override
                public void afterApplicationStart(CamelContext camelContext) {
                    // listening since before the routes started; requests until then got 503
                }
            };
        }
    }
}
