package io.github.hrwebhookhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** The canonical CloudEvents envelope as it is, without the vendor's original payload. */
@Component
public class CloudEventMapping implements PayloadMapping {

    @Override
    public String name() {
        return "cloudevent";
    }

    @Override
    public JsonNode map(JsonNode canonicalEvent) {
        if (canonicalEvent instanceof ObjectNode event && event.has("sourcedata")) {
            // the vendor's own payload stays with the hub (audit); destinations get the canonical record
            ObjectNode copy = event.deepCopy();
            copy.remove("sourcedata");
            return copy;
        }
        return canonicalEvent;
    }
}
