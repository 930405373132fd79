package io.github.hrwebhookhub.ops;

import io.github.hrwebhookhub.config.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors under {@code /ops/} that happen before an ops handler is chosen (a method the path does not take, a path
 * that does not exist) answered with the ops API's problem body rather than
 * Spring Boot's default error page. Anywhere else the exception goes on to Spring's own handling unchanged.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class OpsPathErrors {

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return answer(request, e, headers, Problems.of(405, "method_not_allowed", request.getMethod() + " is not supported here"
                + (e.getSupportedMethods() == null ? "" : "; use " + String.join(" or ", e.getSupportedMethods()))));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e, HttpServletRequest request) throws Exception {
        return answer(request, e, new HttpHeaders(), Problems.of(404, "not_found", "no ops endpoint at this path; the API is "
                + "listed at /ops/openapi"));
    }

    private static ResponseEntity<ProblemDetail> answer(HttpServletRequest request, Exception e, HttpHeaders headers,
                                                        ProblemDetail problem) throws Exception {
        if (!request.getRequestURI().startsWith("/ops/") || HttpMethod.HEAD.matches(request.getMethod())) {
            throw e; // not the ops API's: Spring's own handling goes on as if this advice were not here
        }
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }
}
