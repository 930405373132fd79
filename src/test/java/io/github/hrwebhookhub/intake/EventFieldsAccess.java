package io.github.hrwebhookhub.intake;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hrwebhookhub.signing.SignedRequest;

/** Opens the package-private {@link EventFields#read} to tests in other packages. */
public final class EventFieldsAccess {

    private EventFieldsAccess() {
    }

    public static String read(List<String> locations, SignedRequest request, JsonNode body) {
        return EventFields.read(locations, request, body);
    }
}
