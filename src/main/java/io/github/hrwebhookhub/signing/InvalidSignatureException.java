package io.github.hrwebhookhub.signing;

/**
 * A request whose signature is missing, malformed, wrong or outside the timestamp tolerance. The message is for the
 * hub's log only; the sender gets a bare 401.
 */
public class InvalidSignatureException extends Exception {

    public InvalidSignatureException(String reason) {
        super(reason, null, false, false);
    }
}
