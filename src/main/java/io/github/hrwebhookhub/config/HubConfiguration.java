package io.github.hrwebhookhub.config;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
@EnableScheduling
public class HubConfiguration {

    /**
     * Judges {@code hub.*} while it is bound (Spring Boot looks this bean up by name). Static: it is needed before this
     * configuration class is, by the binder (an infrastructure bean).
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static HubConfigurationValidator configurationPropertiesValidator(ObjectProvider<ConfigurationCheck> checks) {
        return new HubConfigurationValidator(checks);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
