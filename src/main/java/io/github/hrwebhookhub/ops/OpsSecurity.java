package io.github.hrwebhookhub.ops;

import java.security.SecureRandom;
import java.util.Base64;

import io.github.hrwebhookhub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may reach what: webhooks are authenticated by their signatures only; ops surfaces (the ops API, actuator
 * endpoints other than health) need the ops login. With no password configured, a strong one is generated at
 * startup and printed once: there is no default password.
 */
@Configuration(proxyBeanMethods = false)
public class OpsSecurity {

    public static final String OPS_ROLE = "OPS";
    private static final Logger LOG = LoggerFactory.getLogger(OpsSecurity.class);

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webhooks/**", "/sandbox/**", "/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/ops/**", "/actuator/**").hasRole(OPS_ROLE)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**", "/sandbox/**", "/ops/**"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService opsUsers(HubProperties hub, PasswordEncoder encoder) {
        String password = hub.getOps().getPassword();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("No hub.ops.password configured. Generated ops password for user '{}': {}  (shown once; set hub.ops.password to choose one)",
                    hub.getOps().getUsername(), password);
        }
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(hub.getOps().getUsername())
                .password(encoder.encode(password)).roles(OPS_ROLE).build());
        for (HubProperties.Ops.User user : hub.getOps().getUsers()) {
            if (user.getUsername() == null || user.getPassword() == null || user.getPassword().isBlank()) {
                throw new IllegalStateException("hub.ops.users: every user needs a username and a password");
            }
            users.createUser(User.withUsername(user.getUsername()).password(encoder.encode(user.getPassword()))
                    .roles(user.getRoles().toArray(String[]::new)).build());
        }
        return users;
    }
}
