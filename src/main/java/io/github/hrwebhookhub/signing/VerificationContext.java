package io.github.hrwebhookhub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.hrwebhookhub.config.HubProperties;

/** A source's verification inputs: its decoded keys (several during rotation), tolerance and settings. */
public record VerificationContext(List<byte[]> keys, Duration tolerance, Instant now, HubProperties.Source source) {

    /** Rejects a Unix-seconds timestamp that is missing, unparsable, or further than the tolerance from now either way. */
    public long checkTimestamp(String value) throws InvalidSignatureException {
        if (value == null || value.isBlank()) {
            throw new InvalidSignatureException("missing timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException("timestamp is not a number");
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (seconds < 0 || skew > tolerance.toSeconds()) {
            throw new InvalidSignatureException("timestamp outside tolerance");
        }
        return seconds;
    }
}
