package io.github.hrwebhookhub.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpListener;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** Raw body capture and size limit, in front of the Camel intake route (engine servlet). */
    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter(HubProperties hub, ObjectMapper json) {
        String engine = hub.intake().engine();
        if (!"servlet".equalsIgnoreCase(engine) && !hub.intake().isVertx()) {
            throw new IllegalStateException("hub.intake.engine: '" + engine + "' is neither servlet nor vertx");
        }
        FilterRegistrationBean<RawBodyFilter> registration =
                new FilterRegistrationBean<>(new RawBodyFilter(hub.limits().maxBody().toBytes(), hub.limits().readTimeout(), json));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Engine vertx: the webhooks on their own non-blocking server, on hub.intake.port. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hub.intake.engine", havingValue = "vertx")
    static class VertxIntake {

        @Bean(destroyMethod = "close")
        VertxIntakeServer vertxIntakeServer(HubProperties hub, ServerProperties server, ObjectProvider<SslBundles> bundles) {
            Ssl ssl = server.getSsl();
            SslBundle tls = Ssl.isEnabled(ssl) ? WebServerSslBundle.get(ssl, bundles.getIfAvailable()) : null;
            return new VertxIntakeServer(hub, tls);
        }

        @Bean
        CamelContextConfiguration vertxIntakeEngine(VertxIntakeServer server, ObjectProvider<PlatformHttpListener> listeners) {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    // Spring MVC's mapping of platform-http routes (the servlet engine's) would be told of the Vert.x
                    // consumers too, fail on them and log a stack trace at every start
                    PlatformHttpComponent component = camelContext.getComponent("platform-http", PlatformHttpComponent.class);
                    listeners.forEach(component::removePlatformHttpListener);
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
