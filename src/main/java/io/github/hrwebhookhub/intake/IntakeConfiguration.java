package io.github.hrwebhookhub.intake;

import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** Raw body capture and size limit, in front of the Camel intake route. */
    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter(HubProperties hub) {
        FilterRegistrationBean<RawBodyFilter> registration =
                new FilterRegistrationBean<>(new RawBodyFilter(hub.getLimits().getMaxBody().toBytes(), hub.getLimits().getReadTimeout()));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
