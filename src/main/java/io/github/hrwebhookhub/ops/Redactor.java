package io.github.hrwebhookhub.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Hides sensitive HR fields (salaries and compensation amounts, bank account and routing numbers, national ids,
 * dates of birth) from payloads the ops API shows, unless the caller has the PII role. A field is sensitive when its
 * name contains one of {@code hub.ops.redact-fields} (any case); everything under it is hidden.
 */
@Component
public class Redactor {

    public static final String PII_ROLE = "PII";
    private static final TextNode REDACTED = TextNode.valueOf("[redacted]");

    private final List<String> fields;

    public Redactor(HubProperties hub) {
        this.fields = hub.ops().redactFields().stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
    }

    /** A redacted deep copy; the original is left as it is. */
    public JsonNode redact(JsonNode payload) {
        JsonNode copy = payload.deepCopy();
        walk(copy);
        return copy;
    }

    private void walk(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (sensitive(name)) {
                    object.set(name, REDACTED);
                } else {
                    walk(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(this::walk);
        }
    }

    private boolean sensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return fields.stream().anyMatch(lower::contains);
    }
}
