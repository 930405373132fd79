package io.github.hrwebhookhub.ops;

/**
 * An ops request that cannot be served as asked: answered by {@link OpsErrors} as a problem with this status, error
 * code and detail. Expected traffic, so no stack trace is captured.
 */
public class OpsProblem extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;

    public OpsProblem(int status, String error, String detail) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    /** 400 {@code bad_request}: a parameter is missing, malformed or out of range. */
    public static OpsProblem badRequest(String detail) {
        return new OpsProblem(400, "bad_request", detail);
    }

    /** 404 with the error code saying what was not found. */
    public static OpsProblem notFound(String error, String detail) {
        return new OpsProblem(404, error, detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
