package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The destination mappings under routes/mappings/destinations/ (payroll, hris, messaging), applied to the envelope of
 * each samples/canonical event: every routed (destination, type) pair has its file, payroll and HRIS each get the
 * envelope with only the data they need, and messaging gets a one-line summary that never carries pay, bank or
 * national-id data, whatever the record holds.
 */
class DestinationMappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DESTINATIONS = Path.of("routes", "mappings", "destinations");
    private static final Path SAMPLES = Path.of("samples", "canonical");

    /** the routing table of docs/configuration.md, by destination. */
    private static final Map<String, List<String>> ROUTED = Map.of(
            "payroll", List.of("candidate.hired", "employee.created", "employee.terminated", "employee.status_changed",
                    "compensation.changed", "deduction.modified"),
            "hris", List.of("candidate.offer_accepted", "candidate.hired", "employee.created", "employee.terminated",
                    "employee.status_changed", "employee.department_transferred", "compensation.changed", "payroll.record_updated",
                    "document.signed"),
            "messaging", List.of("candidate.applied", "candidate.stage_advanced", "candidate.rejected", "candidate.offer_accepted",
                    "candidate.hired", "employee.created", "employee.terminated", "employee.department_transferred", "task.completed",
                    "equipment.requested"));

    private static final List<String> ALL_TYPES = List.of("candidate.applied", "candidate.stage_advanced", "candidate.rejected",
            "candidate.offer_accepted", "candidate.hired", "employee.created", "employee.terminated", "employee.status_changed",
            "employee.department_transferred", "compensation.changed", "deduction.modified", "payroll.record_updated",
            "document.signed", "task.completed", "equipment.requested", "employee.badge_printed");

    /** Pay, bank and national-id data: payroll's alone. */
    private static final List<String> PAYROLL_ONLY = List.of("salary", "previous_salary", "gross_pay", "deduction", "bank_account",
            "national_id");
    /** Organisation, contact and document data: the HRIS's alone. */
    private static final List<String> HRIS_ONLY = List.of("department", "previous_department", "title", "manager_id", "work_email",
            "email", "job_id", "job_title", "document_id", "document_type", "signed_at", "pay_period");

    /** Per routed (destination, type): fields that must arrive with the sample's value. */
    private static final Map<String, List<String>> KEPT = Map.ofEntries(
            Map.entry("payroll/candidate.hired", List.of("candidate_id", "employee_id", "first_name", "last_name", "start_date", "salary")),
            Map.entry("payroll/employee.created", List.of("employee_id", "first_name", "last_name", "start_date", "employment_type", "salary",
                    "bank_account", "national_id")),
            Map.entry("payroll/employee.terminated", List.of("employee_id", "first_name", "last_name", "termination_date", "last_working_day")),
            Map.entry("payroll/employee.status_changed", List.of("employee_id", "status", "previous_status", "effective_date")),
            Map.entry("payroll/compensation.changed", List.of("employee_id", "salary", "previous_salary", "effective_date", "reason")),
            Map.entry("payroll/deduction.modified", List.of("employee_id", "first_name", "last_name", "deduction", "effective_date")),
            Map.entry("hris/candidate.offer_accepted", List.of("candidate_id", "first_name", "last_name", "job_title", "department",
                    "start_date")),
            Map.entry("hris/candidate.hired", List.of("candidate_id", "employee_id", "first_name", "last_name", "department", "title",
                    "start_date")),
            Map.entry("hris/employee.created", List.of("employee_id", "first_name", "last_name", "work_email", "department", "title",
                    "start_date", "employment_type")),
            Map.entry("hris/employee.terminated", List.of("employee_id", "termination_date", "last_working_day", "reason")),
            Map.entry("hris/employee.status_changed", List.of("employee_id", "status", "previous_status", "effective_date")),
            Map.entry("hris/employee.department_transferred", List.of("employee_id", "department", "previous_department", "manager_id",
                    "effective_date")),
            Map.entry("hris/compensation.changed", List.of("employee_id", "first_name", "last_name", "effective_date")),
            Map.entry("hris/payroll.record_updated", List.of("employee_id", "pay_period", "pay_date")),
            Map.entry("hris/document.signed", List.of("employee_id", "document_id", "document_type", "signed_at")));

    /** Per messaging type: a detail its summary must show. */
    private static final Map<String, String> MESSAGING_DETAIL = Map.of(
            "candidate.applied", "stage: Application Review",
            "candidate.stage_advanced", "stage: Onsite Interview, previous stage: Phone Screen",
            "candidate.rejected", "stage: Phone Screen",
            "candidate.offer_accepted", "start date: 2027-01-04",
            "candidate.hired", "department: Finance, title: Payroll Analyst, start date: 2027-01-04",
            "employee.created", "department: Engineering, title: Analyst, start date: 2026-12-01",
            "employee.terminated", "termination date: 2027-02-28",
            "employee.department_transferred", "department: Research, previous department: Engineering",
            "task.completed", "task: Complete security training",
            "equipment.requested", "item: Laptop, needed by: 2026-12-01");

    /** Sensitive values no sample carries, stuffed into every record to prove messaging never shows them. */
    private static final Map<String, String> STUFFING = Map.of(
            "salary", "{\"amount\": 987654.32, \"currency\": \"EUR\"}",
            "previous_salary", "{\"amount\": 876543.21, \"currency\": \"EUR\"}",
            "gross_pay", "{\"amount\": 7654.32, \"currency\": \"EUR\"}",
            "deduction", "{\"code\": \"GARNISHMENT\", \"amount\": 4321.09, \"currency\": \"EUR\", \"frequency\": \"monthly\"}",
            "bank_account", "{\"iban\": \"GB33BUKB20201555555555\", \"bic\": \"BUKBGB22\"}",
            "national_id", "\"AB123456C\"",
            "offer", "{\"salary\": {\"amount\": 765432.1, \"currency\": \"EUR\"}}",
            "ssn", "\"078-05-1120\"",
            "tax_id", "\"TAX-5550001\"");
    private static final List<String> STUFFED_SECRETS = List.of("987654", "876543", "7654.32", "4321.09", "GARNISHMENT", "GB33BUKB",
            "BUKBGB22", "AB123456C", "765432", "078-05-1120", "TAX-5550001");

    private static final FileMappings FILES = fileMappings();

    private static FileMappings fileMappings() {
        HubProperties hub = HubConfig.of("routes-dir", Path.of("routes"));
        return new FileMappings(hub, JSON);
    }

    static Stream<Arguments> routedPairs() {
        List<Arguments> pairs = new ArrayList<>();
        ROUTED.forEach((destination, types) -> types.forEach(type -> pairs.add(Arguments.of(destination, type))));
        return pairs.stream();
    }

    static Stream<Arguments> envelopePairs() {
        return routedPairs().filter(pair -> !pair.get()[0].equals("messaging"));
    }

    static List<String> messagingTypes() {
        return ROUTED.get("messaging");
    }

    static List<String> allTypes() {
        return ALL_TYPES;
    }

    @Test
    void eachDestinationHasAFileForExactlyTheTypesRoutedToItAndADefault() {
        ROUTED.forEach((destination, types) -> {
            for (String type : types) {
                assertThat(DESTINATIONS.resolve(destination).resolve(type + ".jsonata")).as(destination + "/" + type).isRegularFile();
            }
            assertThat(DESTINATIONS.resolve(destination).resolve("default.jsonata")).isRegularFile();
            assertThat(folder(destination).types()).as(destination).containsExactlyInAnyOrderElementsOf(types);
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("envelopePairs")
    void payrollAndHrisGetTheEnvelopeWithTheDataTheyNeed(String destination, String type) throws IOException {
        ObjectNode event = sampleEvent(type);
        JsonNode mapped = map(destination, event);

        assertThat(fieldNames(mapped)).containsExactlyInAnyOrder("specversion", "id", "source", "type", "time", "datacontenttype", "receivedat", "data");
        for (String attribute : List.of("specversion", "id", "source", "type", "time", "datacontenttype", "receivedat")) {
            assertThat(mapped.get(attribute)).as(attribute).isEqualTo(event.get(attribute));
        }
        JsonNode data = mapped.get("data");
        for (String field : KEPT.get(destination + "/" + type)) {
            assertThat(data.get(field)).as(destination + "/" + type + " " + field).isEqualTo(event.get("data").get(field));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("envelopePairs")
    void neitherGetsWhatOnlyTheOtherNeedsEvenWhenTheRecordHoldsEverything(String destination, String type) throws IOException {
        ObjectNode event = sampleEvent(type);
        ObjectNode data = (ObjectNode) event.get("data");
        stuff(data);
        for (String field : HRIS_ONLY) {
            data.putIfAbsent(field, JSON.getNodeFactory().textNode("hris-only " + field));
        }

        JsonNode mapped = map(destination, event).get("data");

        assertThat(mapped.has("ssn")).isFalse();
        assertThat(mapped.has("tax_id")).isFalse();
        if (destination.equals("hris")) {
            assertThat(fieldNames(mapped)).doesNotContainAnyElementsOf(PAYROLL_ONLY);
            for (String secret : STUFFED_SECRETS) {
                assertThat(mapped.toString()).doesNotContain(secret);
            }
        } else {
            assertThat(fieldNames(mapped)).doesNotContainAnyElementsOf(HRIS_ONLY);
        }
    }

    @Test
    void hrisGetsTheAcceptedOfferWithoutItsSalary() throws IOException {
        JsonNode offer = map("hris", sampleEvent("candidate.offer_accepted")).get("data").get("offer");

        assertThat(offer.get("accepted_at").asText()).isEqualTo("2026-11-26T16:00:00Z");
        assertThat(offer.has("salary")).isFalse();
    }

    @Test
    void absentFieldsStayAbsent() throws IOException {
        ObjectNode event = event("employee.created", JSON.readTree("{\"employee_id\": \"E-7\"}"));

        assertThat(map("payroll", event).get("data")).isEqualTo(JSON.readTree("{\"employee_id\": \"E-7\"}"));
        assertThat(map("hris", event).get("data")).isEqualTo(JSON.readTree("{\"employee_id\": \"E-7\"}"));
    }

    @ParameterizedTest
    @MethodSource("messagingTypes")
    void messagingSummaryNamesTheTypeThePersonAndTheChange(String type) throws IOException {
        ObjectNode event = sampleEvent(type);
        JsonNode data = event.get("data");
        String id = type.startsWith("candidate.") ? "candidate id " + data.get("candidate_id").asText()
                : "employee id " + data.get("employee_id").asText();

        JsonNode message = map("messaging", event);

        assertThat(fieldNames(message)).containsExactly("text");
        assertThat(message.get("text").asText())
                .startsWith(type + ": " + data.get("first_name").asText() + " " + data.get("last_name").asText() + " (")
                .contains(id)
                .contains(MESSAGING_DETAIL.get(type))
                .endsWith(" [via demo]");
    }

    @Test
    void messagingSummaryReadsLikeTheBuiltInSlackSummary() throws IOException {
        ObjectNode event = sampleEvent("employee.created");

        String text = map("messaging", event).get("text").asText();

        assertThat(text).isEqualTo("employee.created: Ada Lovelace (employee id E-1001) - department: Engineering, title: Analyst, "
                + "start date: 2026-12-01 [via demo]");
        assertThat(text).isEqualTo(new SlackSummaryMapping(JSON).map(event).get("text").asText());
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void messagingNeverShowsPayBankOrNationalIdData(String type) throws IOException {
        Set<String> secrets = sampleSecrets();
        secrets.addAll(STUFFED_SECRETS);
        secrets.add("123456");
        List<JsonNode> records = new ArrayList<>();
        records.add(sampleEvent(type).get("data"));
        records.add(JSON.readTree(WebhookSender.event(type, "E-42")).get("data"));
        ObjectNode stuffedSample = sampleEvent(type).get("data").deepCopy();
        stuff(stuffedSample);
        records.add(stuffedSample);
        ObjectNode stuffedSender = JSON.readTree(WebhookSender.event(type, "E-42")).get("data").deepCopy();
        stuff(stuffedSender);
        records.add(stuffedSender);

        for (JsonNode record : records) {
            JsonNode message = map("messaging", event(type, record));
            assertThat(fieldNames(message)).containsExactly("text");
            String text = message.get("text").asText();
            assertThat(text).startsWith(type);
            for (String secret : secrets) {
                assertThat(text).as("messaging text for %s", type).doesNotContain(secret);
            }
        }
    }

    @Test
    void messagingLeavesOutValuesThatAreNotText() throws IOException {
        ObjectNode event = event("employee.created", JSON.readTree("{\"employee_id\": \"E-7\", \"first_name\": {\"iban\": "
                + "\"DE89370400440532013000\"}, \"last_name\": \"Lovelace\", \"department\": 98000, \"title\": \"  \"}"));

        assertThat(map("messaging", event).get("text").asText()).isEqualTo("employee.created: Lovelace (employee id E-7) [via demo]");
    }

    @Test
    void messagingSummaryOfARecordWithoutNamesShowsTheId() throws IOException {
        ObjectNode event = event("task.completed", JSON.readTree("{\"employee_id\": \"E-7\"}"));

        assertThat(map("messaging", event).get("text").asText()).isEqualTo("task.completed: (employee id E-7) [via demo]");
    }

    @Test
    void defaultsSendTheEnvelopeAsIsToPayrollAndHrisAndOnlyTypeAndIdsToMessaging() throws IOException {
        ObjectNode event = sampleEvent("employee.badge_printed");

        for (String destination : List.of("payroll", "hris")) {
            JsonNode mapped = map(destination, event);
            assertThat(mapped.get("id")).isEqualTo(event.get("id"));
            assertThat(mapped.get("type").asText()).isEqualTo("employee.badge_printed");
            assertThat(mapped.get("data")).isEqualTo(event.get("data"));
            assertThat(mapped.get("receivedat")).as("when the hub received it, as in the canonical envelope").isEqualTo(event.get("receivedat"));
        }
        assertThat(map("messaging", event).get("text").asText()).isEqualTo("employee.badge_printed: (employee id E-1001)");
    }

    private static FileMappings.FileMapping folder(String destination) {
        return FILES.mappings().stream().filter(mapping -> mapping.name().equals(destination))
                .map(FileMappings.FileMapping.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no mapping folder routes/mappings/destinations/" + destination));
    }

    private static JsonNode map(String destination, ObjectNode event) {
        return folder(destination).map(event);
    }

    /** The envelope the hub builds for samples/canonical/{type}.json received from the demo source. */
    private static ObjectNode sampleEvent(String type) throws IOException {
        JsonNode payload = JSON.readTree(SAMPLES.resolve(type + ".json").toFile());
        return envelope(type, payload);
    }

    /** The envelope of a hub-format event with this record. */
    private static ObjectNode event(String type, JsonNode data) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", type);
        payload.put("timestamp", "2026-11-27T09:00:00Z");
        payload.set("data", data);
        return envelope(type, payload);
    }

    private static ObjectNode envelope(String type, JsonNode payload) {
        String sourceEventId = "msg_" + type;
        return new CanonicalEvents(JSON).envelope(CanonicalEvents.eventId("demo", sourceEventId), "demo", sourceEventId, type, type,
                payload.get("timestamp").asText(), Instant.parse("2026-11-27T09:00:01Z"), payload);
    }

    private static void stuff(ObjectNode data) throws IOException {
        for (Map.Entry<String, String> field : STUFFING.entrySet()) {
            data.set(field.getKey(), JSON.readTree(field.getValue()));
        }
    }

    /** Every pay amount, bank detail and national id the samples hold, as text. */
    private static Set<String> sampleSecrets() throws IOException {
        Set<String> secrets = new TreeSet<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path file : files.toList()) {
                JsonNode data = JSON.readTree(file.toFile()).get("data");
                for (String money : List.of("salary", "previous_salary", "gross_pay", "deduction")) {
                    if (data.path(money).has("amount")) {
                        secrets.add(data.path(money).get("amount").asText());
                    }
                }
                if (data.path("offer").path("salary").has("amount")) {
                    secrets.add(data.path("offer").path("salary").get("amount").asText());
                }
                if (data.has("bank_account")) {
                    JsonNode bank = data.get("bank_account");
                    (bank.isValueNode() ? List.of(bank) : List.copyOf(values(bank))).forEach(value -> secrets.add(value.asText()));
                }
                if (data.has("national_id")) {
                    secrets.add(data.get("national_id").asText());
                }
            }
        }
        assertThat(secrets).contains("98000", "DE89370400440532013000", "123-45-6789", "250");
        return secrets;
    }

    private static List<JsonNode> values(JsonNode object) {
        List<JsonNode> values = new ArrayList<>();
        object.elements().forEachRemaining(values::add);
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
