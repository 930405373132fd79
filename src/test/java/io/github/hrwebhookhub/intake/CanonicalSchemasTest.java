package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical record schemas under routes/schemas/: loaded from their files the way the hub loads them (so the
 * relative $ref to canonical.defs.json resolves against the file), they accept every sample and every test event and
 * name the field when a vendor's payload changed shape.
 */
class CanonicalSchemasTest {

    private static final Path SCHEMAS = Path.of("routes", "schemas");
    private static final Path SAMPLES = Path.of("samples", "canonical");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** The canonical types of the routing table (docs/configuration.md, "Routing table"). */
    static final List<String> TYPES = List.of("candidate.applied", "candidate.stage_advanced", "candidate.rejected",
            "candidate.offer_accepted", "candidate.hired", "employee.created", "employee.terminated", "employee.status_changed",
            "employee.department_transferred", "compensation.changed", "deduction.modified", "payroll.record_updated",
            "document.signed", "task.completed", "equipment.requested");

    static List<String> types() {
        return TYPES;
    }

    @Test
    void everyRoutedTypeHasOneSchemaWithTitleAndDescription() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            Set<String> schemaTypes = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".schema.json"))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length())).collect(Collectors.toCollection(TreeSet::new));
            assertThat(schemaTypes).containsExactlyInAnyOrderElementsOf(TYPES);
        }
        for (String type : TYPES) {
            JsonNode schema = JSON.readTree(schemaFile(type).toFile());
            assertThat(schema.path("$schema").asText()).as(type).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("title").asText()).as(type).contains(type);
            assertThat(schema.path("description").asText()).as(type).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void sampleOfEachTypeIsValid(String type) throws IOException {
        JsonNode sample = JSON.readTree(SAMPLES.resolve(type + ".json").toFile());
        assertThat(sample.path("type").asText()).isEqualTo(type);
        assertThat(violations(type, sample.path("data"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void testSenderEventOfEachTypeIsValid(String type) throws IOException {
        JsonNode data = JSON.readTree(WebhookSender.event(type, "E-42")).path("data");
        assertThat(violations(type, data)).isEmpty();
    }

    @Test
    void sharedDefinitionsAreReachedThroughTheRelativeRef() throws IOException {
        // the id rule lives only in canonical.defs.json: a violation of it proves the sibling file was loaded
        assertThat(violations("task.completed", with("task.completed", data -> data.put("task_id", ""))))
                .anySatisfy(message -> assertThat(message).contains("$.task_id"));
    }

    @Test
    void missingEmployeeIdIsNamed() throws IOException {
        assertThat(violations("employee.created", with("employee.created", data -> data.remove("employee_id"))))
                .anySatisfy(message -> assertThat(message).contains("employee_id").contains("required"));
    }

    @Test
    void missingCandidateIdIsNamed() throws IOException {
        assertThat(violations("candidate.applied", with("candidate.applied", data -> data.remove("candidate_id"))))
                .anySatisfy(message -> assertThat(message).contains("candidate_id").contains("required"));
    }

    @Test
    void emptyEmployeeIdIsRejected() throws IOException {
        assertThat(violations("employee.terminated", with("employee.terminated", data -> data.put("employee_id", ""))))
                .anySatisfy(message -> assertThat(message).contains("$.employee_id"));
    }

    @Test
    void numericEmployeeIdIsRejected() throws IOException {
        assertThat(violations("employee.created", with("employee.created", data -> data.put("employee_id", 1001))))
                .anySatisfy(message -> assertThat(message).contains("$.employee_id").contains("string"));
    }

    @Test
    void numericManagerIdIsRejected() throws IOException {
        assertThat(violations("employee.department_transferred", with("employee.department_transferred", data -> data.put("manager_id", 7))))
                .anySatisfy(message -> assertThat(message).contains("$.manager_id").contains("string"));
    }

    @Test
    void salaryAsStringIsRejected() throws IOException {
        assertThat(violations("compensation.changed", with("compensation.changed", data -> data.put("salary", "104000 EUR"))))
                .anySatisfy(message -> assertThat(message).contains("$.salary").contains("object"));
    }

    @Test
    void salaryOnATypeThatDoesNotListItIsStillChecked() throws IOException {
        assertThat(violations("task.completed", with("task.completed", data -> data.put("salary", "104000 EUR"))))
                .anySatisfy(message -> assertThat(message).contains("$.salary").contains("object"));
    }

    @Test
    void currencyThatIsNotAnIsoCodeIsRejected() throws IOException {
        assertThat(violations("employee.created", with("employee.created",
                data -> ((ObjectNode) data.get("salary")).put("currency", "euro"))))
                .anySatisfy(message -> assertThat(message).contains("$.salary.currency").contains("^[A-Z]{3}$"));
    }

    @Test
    void salaryAmountAsStringIsRejected() throws IOException {
        assertThat(violations("candidate.hired", with("candidate.hired",
                data -> ((ObjectNode) data.get("salary")).put("amount", "72000"))))
                .anySatisfy(message -> assertThat(message).contains("$.salary.amount").contains("number"));
    }

    @Test
    void deductionWithoutAmountIsRejected() throws IOException {
        assertThat(violations("deduction.modified", with("deduction.modified",
                data -> ((ObjectNode) data.get("deduction")).remove("amount"))))
                .anySatisfy(message -> assertThat(message).contains("$.deduction").contains("amount"));
    }

    @Test
    void dateThatIsNotYearMonthDayIsRejected() throws IOException {
        assertThat(violations("employee.created", with("employee.created", data -> data.put("start_date", "01/12/2026"))))
                .anySatisfy(message -> assertThat(message).contains("$.start_date").contains("pattern"));
    }

    @Test
    void bankAccountMayBeAStringOrAnObjectButNothingElse() throws IOException {
        assertThat(violations("employee.created", with("employee.created", data -> data.put("bank_account", "DE89370400440532013000"))))
                .isEmpty();
        assertThat(violations("employee.created", with("employee.created", data -> data.put("bank_account", 12345))))
                .anySatisfy(message -> assertThat(message).contains("$.bank_account"));
    }

    @Test
    void unknownFieldsAreAllowed() throws IOException {
        assertThat(violations("employee.created", with("employee.created", data -> data.put("shoe_size", 44)))).isEmpty();
    }

    private static Path schemaFile(String type) {
        return SCHEMAS.resolve(type + ".schema.json");
    }

    /** Loaded from the file's URI: relative $refs resolve against the schema's own folder. */
    private static JsonSchema schema(String type) {
        return FACTORY.getSchema(SchemaLocation.of(schemaFile(type).toAbsolutePath().toUri().toString()));
    }

    private static Set<String> violations(String type, JsonNode data) {
        return schema(type).validate(data).stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The sample's data of a type, changed. */
    private static JsonNode with(String type, Consumer<ObjectNode> change) throws IOException {
        ObjectNode data = (ObjectNode) JSON.readTree(SAMPLES.resolve(type + ".json").toFile()).get("data").deepCopy();
        change.accept(data);
        return data;
    }
}
