package io.github.hrwebhookhub.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The intake's backstop answer: when a request is still unanswered after {@code spring.mvc.async.request-timeout}
 * (the broker or database hangs rather than fails), the sender gets the documented 503 with Retry-After and a JSON
 * body, as for any other outage. Nothing was confirmed stored, so the retry is safe.
 */
@Component
public class IntakeTimeoutResolver implements HandlerExceptionResolver, Ordered {

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(ex instanceof AsyncRequestTimeoutException) || response.isCommitted()) {
            return null;
        }
        try {
            response.setStatus(503);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getOutputStream().write("{\"error\":\"unavailable\",\"detail\":\"event not stored; retry later\"}"
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
