package io.github.hrwebhookhub.delivery;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * A Slack-compatible {@code {"text": ...}} one-line summary for messaging channels. It is built only from an allow-list
 * of harmless fields (type, ids, name, department, title, dates), so salaries, bank details and national ids can
 * never leak into a chat channel, whatever the payload holds.
 */
@Component
public class SlackSummaryMapping implements PayloadMapping {

    private static final List<String> NAME_FIELDS = List.of("first_name", "last_name");
    private static final List<String> DETAIL_FIELDS = List.of("department", "title", "job_title", "stage", "status", "start_date",
            "effective_date", "termination_date", "task", "item");

    private final ObjectMapper json;

    public SlackSummaryMapping(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "slack-summary";
    }

    @Override
    public JsonNode map(JsonNode event) {
        JsonNode data = event.path("data");
        StringBuilder text = new StringBuilder(event.path("type").asText("event"));
        String who = name(data);
        if (!who.isEmpty()) {
            text.append(": ").append(who);
        }
        for (String idField : List.of("employee_id", "candidate_id")) {
            if (data.path(idField).isValueNode()) {
                text.append(who.isEmpty() ? ": " : " ").append("(").append(idField.replace('_', ' ')).append(' ')
                        .append(data.path(idField).asText()).append(')');
                break;
            }
        }
        List<String> details = new ArrayList<>();
        for (String field : DETAIL_FIELDS) {
            JsonNode value = data.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                details.add(field.replace('_', ' ') + ": " + value.asText());
            }
        }
        if (!details.isEmpty()) {
            text.append(" - ").append(String.join(", ", details));
        }
        String source = event.path("source").asText("");
        text.append(" [via ").append(source.substring(source.lastIndexOf('/') + 1)).append(']');
        ObjectNode message = json.createObjectNode();
        message.put("text", text.toString());
        return message;
    }

    private static String name(JsonNode data) {
        if (data.path("name").isTextual()) {
            return data.path("name").asText();
        }
        List<String> parts = new ArrayList<>();
        for (String field : NAME_FIELDS) {
            if (data.path(field).isTextual()) {
                parts.add(data.path(field).asText());
            }
        }
        return String.join(" ", parts);
    }
}
