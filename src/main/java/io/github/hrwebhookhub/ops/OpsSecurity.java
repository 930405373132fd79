package io.github.hrwebhookhub.ops;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may reach what. Webhooks are authenticated by their signatures only. The ops API and actuator endpoints
 * (except health) need the ops login over HTTP basic, statelessly. The Hawtio console and Jolokia need the same
 * login with a browser session (form login) and CSRF protection whose token the console reads from a cookie, the
 * way Hawtio's Spring Security example wires it. With no password configured a strong one is generated at startup and
 * printed once: there is no default password.
 */
@Configuration(proxyBeanMethods = false)
public class OpsSecurity {

    public static final String OPS_ROLE = "OPS";
    private static final Logger LOG = LoggerFactory.getLogger(OpsSecurity.class);

    /**
     * The intake is open to every sender (each request is authenticated by its signature) and answers machines only:
     * it bypasses the security filters entirely, which otherwise run twice per request (the intake answers through
     * an asynchronous dispatch) for nothing.
     */
    @Bean
    WebSecurityCustomizer intakeBypassesSecurityFilters() {
        return web -> web.ignoring().requestMatchers("/webhooks/**");
    }

    /** Machine-facing paths: sandbox, ops API, health and metrics. */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint loginNeeded = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"hr-webhook-hub\"");
            problem(response, json, Problems.of(401, "unauthorized", "this needs the ops login (HTTP Basic)"));
        };
        AccessDeniedHandler notAllowed = (request, response, e) ->
                problem(response, json, Problems.of(403, "forbidden", "this login lacks the OPS role"));
        return http
                .securityMatcher("/sandbox/**", "/ops/**", "/actuator/health", "/actuator/health/**",
                        "/actuator/prometheus", "/actuator/info", "/error")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/sandbox/**", "/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().hasRole(OPS_ROLE))
                .httpBasic(basic -> basic.authenticationEntryPoint(loginNeeded))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(loginNeeded).accessDeniedHandler(notAllowed))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** A 401 or 403 of the machine-facing paths, with the ops API's problem body. */
    private static void problem(HttpServletResponse response, ObjectMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Problems.json(json, problem));
    }

    /** Everything else, notably the Hawtio console and Jolokia: ops login, browser session, CSRF. */
    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(OPS_ROLE))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new ConsoleCsrfTokenHandler()))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }

    /**
     * The console sends the raw token from the cookie in a header; server-rendered forms carry the masked token.
     * Accept both, and always mask the token rendered into pages (BREACH).
     */
    static final class ConsoleCsrfTokenHandler extends CsrfTokenRequestAttributeHandler {
        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token)
                    : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the deferred CSRF token on every request so that its cookie reaches the console. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Object token = request.getAttribute(CsrfToken.class.getName());
            if (token instanceof CsrfToken csrf) {
                csrf.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService opsUsers(HubProperties hub, PasswordEncoder encoder,
                                @Value("${spring.artemis.mode:embedded}") String brokerMode) {
        List<String> problems = OpsChecks.of(hub, "native".equalsIgnoreCase(brokerMode));
        if (!problems.isEmpty()) {
            // the configuration validator has reported these before this bean is made; this guards other callers
            throw new IllegalStateException(String.join("; ", problems));
        }
        String password = hub.ops().password();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("No hub.ops.password configured. Generated ops password for user '{}': {}  (shown once; set hub.ops.password to choose one)",
                    hub.ops().username(), password);
        }
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(hub.ops().username())
                .password(encoder.encode(password)).roles(OPS_ROLE).build());
        for (HubProperties.Ops.User user : hub.ops().users()) {
            users.createUser(User.withUsername(user.username()).password(encoder.encode(user.password()))
                    .roles(user.roles().toArray(String[]::new)).build());
        }
        return users;
    }
}
