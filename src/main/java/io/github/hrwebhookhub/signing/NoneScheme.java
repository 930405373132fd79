package io.github.hrwebhookhub.signing;

import org.springframework.stereotype.Component;

/** No signature at all: only usable with {@code allow-unsigned: true}, which startup checks. */
@Component
public class NoneScheme implements SignatureScheme {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        if (!context.source().allowUnsigned()) {
            throw new InvalidSignatureException("unsigned source without allow-unsigned");
        }
    }
}
