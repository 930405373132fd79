package io.github.hrwebhookhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;

/** What one kind of destination receives for a canonical event. */
public interface PayloadMapping {

    /** The {@code mapping} name used in {@code hub.destinations.<name>.mapping}. */
    String name();

    /** The JSON document POSTed to the destination. */
    JsonNode map(JsonNode canonicalEvent);
}
