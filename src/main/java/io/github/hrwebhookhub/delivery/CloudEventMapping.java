package io.github.hrwebhookhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/** The canonical CloudEvents envelope as it is: what payroll and HRIS systems receive by default. */
@Component
public class CloudEventMapping implements PayloadMapping {

    @Override
    public String name() {
        return "cloudevent";
    }

    @Override
    public JsonNode map(JsonNode canonicalEvent) {
        return canonicalEvent;
    }
}
