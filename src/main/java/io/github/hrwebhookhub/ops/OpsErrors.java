package io.github.hrwebhookhub.ops;

import io.github.hrwebhookhub.config.Problems;
import io.github.hrwebhookhub.intake.WebhookRejection;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the ops API answers, as one kind of body: an RFC 9457 problem ({@code application/problem+json}) built by
 * {@link Problems}, whose {@code error} member holds the machine code ({@code unknown_event}, {@code bad_request}, ...)
 * and {@code detail} what was wrong. The controllers throw {@link OpsProblem}; the dry-run's intake rejections and
 * Spring MVC's own errors (a parameter missing or of the wrong type, an unreadable body, an unsupported method or
 * media type) come out the same way. Anything else is a 500 problem without internals; its stack trace goes to the log.
 */
@RestControllerAdvice(basePackageClasses = OpsController.class)
public class OpsErrors extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpsErrors.class);

    @ExceptionHandler(OpsProblem.class)
    ResponseEntity<ProblemDetail> opsProblem(OpsProblem problem) {
        return answer(Problems.of(problem.status(), problem.error(), problem.detail()));
    }

    /** The dry-run answers a bad sample with the status and error code the intake would. */
    @ExceptionHandler(WebhookRejection.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejection rejection) {
        return answer(Problems.of(rejection.status(), rejection.error(), rejection.detail()));
    }

    /** A value the ops API's own checks refused (an event id or type filter that cannot be right, for one). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return answer(Problems.of(400, "bad_request", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("ops {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return answer(Problems.of(500, "internal_error", "the hub could not answer this request; its log says why"));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        return handleExceptionInternal(ex, Problems.of(status.value(), "bad_request", name + " must be " + expected(ex.getRequiredType())),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, Problems.of(status.value(), "bad_request", "parameter " + ex.getParameterName() + " is required"),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, Problems.of(status.value(), "bad_request", "the request body could not be read"),
                headers, status, request);
    }

    /** Where Spring MVC's own handling ends: its problem gets the error code for its status, and the problem media type. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given ? Problems.withCode(given)
                : Problems.of(statusCode.value(), Problems.code(statusCode), null);
        HttpHeaders answer = new HttpHeaders();
        answer.addAll(headers);
        answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, answer, statusCode);
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type == null ? "valid" : "a valid " + type.getSimpleName();
    }
}
