package io.github.hrwebhookhub.config;

import java.time.Clock;

import io.github.hrwebhookhub.intake.RawBodyFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
@EnableScheduling
public class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

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
