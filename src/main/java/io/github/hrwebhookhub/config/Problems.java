package io.github.hrwebhookhub.config;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The hub's error answers, built in one place: an RFC 9457 problem ({@code type}, {@code title}, {@code status},
 * {@code detail}) whose extension member {@code error} holds the hub's machine-readable code ({@code unknown_event},
 * {@code payload_too_large}, ...). Clients that read only {@code error} and {@code detail} keep working.
 *
 * <p>The ops API answers these as {@code application/problem+json} through Spring MVC; code that writes a servlet
 * response itself (the intake's body filter) takes the JSON from {@link #json}.
 */
public final class Problems {

    /** The extension member holding the hub's error code. */
    public static final String ERROR = "error";

    private Problems() {
    }

    /**
     * A problem with the hub's error code. The type is {@code about:blank}, so the title is the status's reason
     * phrase; {@code detail} says what was wrong (null: left out).
     */
    public static ProblemDetail of(int status, String error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setDetail(detail);
        problem.setProperty(ERROR, error);
        return problem;
    }

    /** The error code for a status that has no more specific one: its name in snake case ({@code bad_request}). */
    public static String code(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? (status.is4xxClientError() ? "bad_request" : "internal_error") : known.name().toLowerCase(Locale.ROOT);
    }

    /** Gives a problem that has no error code yet (one Spring built) the code for its status. */
    public static ProblemDetail withCode(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey(ERROR)) {
            problem.setProperty(ERROR, code(HttpStatusCode.valueOf(problem.getStatus())));
        }
        return problem;
    }

    /**
     * The problem as JSON, for a response written outside Spring MVC, with Spring's ObjectMapper (which writes a
     * ProblemDetail's extension members at the top level, as Spring MVC does).
     */
    public static byte[] json(ObjectMapper json, ProblemDetail problem) {
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail could not be written as JSON", e);
        }
    }
}
