package io.github.hrwebhookhub.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.github.hrwebhookhub.config.HubProperties;
import java.util.concurrent.ThreadLocalRandom;

/** When a failed delivery is tried again: exponential backoff, or the destination's own Retry-After. */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    /** 408, 429, 5xx and no answer at all (status 0) are worth retrying; other statuses will not change. */
    public static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /**
     * The wait before attempt {@code attempt + 1}: the destination's Retry-After when it sent one (capped at the
     * longest configured wait), else the schedule's entry or the exponential backoff, spread by the jitter.
     */
    public static Duration delayAfter(int attempt, HubProperties.Retry retry, Duration retryAfter) {
        Duration max = retry.schedule().isEmpty() ? retry.maxDelay()
                : retry.schedule().stream().max(Duration::compareTo).orElseThrow();
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        double millis;
        if (!retry.schedule().isEmpty()) {
            millis = retry.schedule().get(Math.min(Math.max(0, attempt - 1), retry.schedule().size() - 1)).toMillis();
        } else {
            millis = Math.min(retry.initial().toMillis() * Math.pow(retry.multiplier(), Math.max(0, attempt - 1)), max.toMillis());
        }
        double spread = retry.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(millis * (1 + spread))));
    }

    /** A Retry-After header value, in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
