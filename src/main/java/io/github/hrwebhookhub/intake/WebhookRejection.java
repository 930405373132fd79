package io.github.hrwebhookhub.intake;

/**
 * A request the intake turns away, with the status and JSON error the sender gets. Rejections are expected traffic,
 * so no stack trace is captured.
 */
public class WebhookRejection extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;
    private final String logReason;
    private final String retryAfter;

    public WebhookRejection(int status, String error, String detail, String logReason) {
        this(status, error, detail, logReason, null);
    }

    public WebhookRejection(int status, String error, String detail, String logReason, String retryAfter) {
        super(error, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
        this.logReason = logReason;
        this.retryAfter = retryAfter;
    }

    public static WebhookRejection badRequest(String error, String detail) {
        return new WebhookRejection(400, error, detail, detail);
    }

    public int status() { return status; }
    public String error() { return error; }
    /** Shown to the sender; null where a detail would help an attacker. */
    public String detail() { return detail; }
    /** Why, for the hub's own log; never contains secrets, signatures or body content. */
    public String logReason() { return logReason; }
    /** Seconds for a Retry-After header, or null. */
    public String retryAfter() { return retryAfter; }
}
