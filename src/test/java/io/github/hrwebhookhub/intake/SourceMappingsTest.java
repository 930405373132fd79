package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.signing.AshbyScheme;
import io.github.hrwebhookhub.signing.BambooHrScheme;
import io.github.hrwebhookhub.signing.DeelScheme;
import io.github.hrwebhookhub.signing.FinchScheme;
import io.github.hrwebhookhub.signing.GreenhouseScheme;
import io.github.hrwebhookhub.signing.GustoScheme;
import io.github.hrwebhookhub.signing.LeverScheme;
import io.github.hrwebhookhub.signing.MergeScheme;
import io.github.hrwebhookhub.signing.SignatureScheme;
import io.github.hrwebhookhub.signing.SignatureSchemes;
import io.github.hrwebhookhub.signing.SignedRequest;
import io.github.hrwebhookhub.signing.SmartRecruitersScheme;
import io.github.hrwebhookhub.signing.WorkableScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor source mappings in routes/mappings/sources turn every sample under samples/vendors into the canonical
 * record the hub promises, and every (profile, canonical type) a vendor scheme can produce has a mapping.
 */
class SourceMappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROUTES = Path.of("routes");
    private static final Path SAMPLES = Path.of("samples", "vendors");

    private static final List<SignatureScheme> VENDORS = List.of(new GreenhouseScheme(), new LeverScheme(),
            new BambooHrScheme(), new MergeScheme(), new FinchScheme(), new WorkableScheme(), new AshbyScheme(),
            new GustoScheme(), new DeelScheme(), new SmartRecruitersScheme());

    /**
     * Vendor events that name no employee at all (a compensation record, a whole pay run): their record carries the
     * vendor entity's id instead, and the employee has to be looked up from it.
     */
    private static final Map<String, String> NO_EMPLOYEE_IN_EVENT = Map.of(
            "gusto/employee_job_compensation.created", "compensation_id",
            "gusto/employee_job_compensation.updated", "compensation_id",
            "gusto/payroll.paid", "payroll_id",
            "finch/payment.created", "payment_id",
            "finch/payment.updated", "payment_id");

    /** What each sample must map to: JSON pointer into the canonical record -> expected value. */
    private static final Map<String, Map<String, Object>> EXPECTED = Map.ofEntries(
            entry("greenhouse/new_candidate_application", Map.of("/candidate_id", "900000101", "/first_name", "Avery",
                    "/last_name", "Example", "/email", "avery.example@example.com", "/job_id", "4200042",
                    "/job_title", "Payroll Analyst", "/stage", "Application Review",
                    "/applied_at", "2026-11-20T10:15:00Z", "/source_channel", "Careers page")),
            entry("greenhouse/candidate_stage_change", Map.of("/candidate_id", "900000101",
                    "/stage", "Onsite Interview", "/job_id", "4200042", "/email", "avery.example@example.com")),
            entry("greenhouse/reject_candidate", Map.of("/candidate_id", "900000205", "/first_name", "Casey",
                    "/stage", "Phone Screen", "/rejection_reason", "Position filled")),
            entry("greenhouse/hire_candidate", Map.of("/candidate_id", "900000101", "/first_name", "Avery",
                    "/last_name", "Example", "/start_date", "2027-01-04", "/department", "Finance",
                    "/title", "Payroll Analyst", "/salary/amount", 72000, "/salary/currency", "EUR")),
            entry("lever/applicationCreated", Map.of("/candidate_id", "c0000000-0000-4000-8000-000000000001",
                    "/job_id", "p0000000-0000-4000-8000-000000000042")),
            entry("lever/candidateStageChange", Map.of("/candidate_id", "c0000000-0000-4000-8000-000000000001",
                    "/stage", "s0000000-0000-4000-8000-0000000000b2",
                    "/previous_stage", "s0000000-0000-4000-8000-0000000000b1")),
            entry("lever/candidateHired", Map.of("/candidate_id", "c0000000-0000-4000-8000-000000000001")),
            entry("bamboohr/employee.created", Map.of("/employee_id", "40123")),
            entry("bamboohr/employee.updated", Map.of("/employee_id", "40123")),
            entry("bamboohr/Created", Map.of("/employee_id", "40124")),
            entry("bamboohr/Updated", Map.of("/employee_id", "40123", "/first_name", "Jordan",
                    "/last_name", "Placeholder", "/work_email", "jordan.placeholder@example.com",
                    "/department", "Engineering", "/title", "Analyst", "/status", "Leave of Absence",
                    "/effective_date", "2027-01-15")),
            entry("merge/Employee.added", Map.of("/employee_id", "11111111-0000-4000-8000-000000000101",
                    "/first_name", "Riley", "/last_name", "Testcase", "/work_email", "riley.testcase@example.com",
                    "/start_date", "2026-12-01", "/status", "pending",
                    "/manager_id", "11111111-0000-4000-8000-000000000007")),
            entry("merge/Employee.changed", Map.of("/employee_id", "11111111-0000-4000-8000-000000000101",
                    "/status", "active", "/first_name", "Riley")),
            entry("merge/Employee.removed", Map.of("/employee_id", "11111111-0000-4000-8000-000000000102",
                    "/last_name", "Fixture", "/termination_date", "2027-02-28")),
            entry("merge/Employment.changed", Map.of("/employee_id", "11111111-0000-4000-8000-000000000101",
                    "/title", "Senior Analyst", "/effective_date", "2027-01-01", "/employment_type", "full_time",
                    "/salary/amount", 104000, "/salary/currency", "EUR")),
            entry("merge/Application.added", Map.of("/candidate_id", "44444444-0000-4000-8000-000000000401",
                    "/job_id", "55555555-0000-4000-8000-000000000501", "/applied_at", "2026-11-21T11:00:00Z",
                    "/source_channel", "Careers page")),
            entry("finch/employment.created", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000101")),
            entry("finch/employment.updated", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000101")),
            entry("finch/employment.deleted", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000102")),
            entry("finch/individual.updated", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000103")),
            entry("finch/payment.created", Map.of("/payment_id", "cccccccc-0000-4000-8000-000000000201",
                    "/pay_date", "2026-11-30")),
            entry("finch/payment.updated", Map.of("/payment_id", "cccccccc-0000-4000-8000-000000000201")),
            entry("finch/pay_statement.created", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000101",
                    "/payment_id", "cccccccc-0000-4000-8000-000000000201")),
            entry("finch/pay_statement.updated", Map.of("/employee_id", "bbbbbbbb-0000-4000-8000-000000000103")),
            entry("workable/candidate_created", Map.of("/candidate_id", "3f0a1b2c", "/first_name", "Quinn",
                    "/last_name", "Mockridge", "/email", "quinn.mockridge@example.com", "/job_id", "TEST0042",
                    "/job_title", "Payroll Analyst", "/stage", "Applied", "/applied_at", "2026-11-20T09:30:00Z")),
            entry("workable/candidate_moved", Map.of("/candidate_id", "3f0a1b2c", "/stage", "Interview")),
            entry("ashby/applicationSubmit", Map.of("/candidate_id", "99999999-0000-4000-8000-000000000401",
                    "/first_name", "Harper", "/last_name", "Dummy", "/email", "harper.dummy@example.com",
                    "/job_id", "12121212-0000-4000-8000-000000000701", "/job_title", "Data Analyst",
                    "/stage", "Application Review", "/source_channel", "Careers page")),
            entry("ashby/candidateStageChange", Map.of("/candidate_id", "99999999-0000-4000-8000-000000000401",
                    "/stage", "Technical Interview")),
            entry("ashby/candidateHire", Map.of("/candidate_id", "99999999-0000-4000-8000-000000000401",
                    "/first_name", "Harper", "/title", "Data Analyst")),
            entry("gusto/employee.created", Map.of("/employee_id", "e1e1e1e1-0000-4000-8000-000000000101")),
            entry("gusto/employee.terminated", Map.of("/employee_id", "e1e1e1e1-0000-4000-8000-000000000102")),
            entry("gusto/employee_job_compensation.created",
                    Map.of("/compensation_id", "f2f2f2f2-0000-4000-8000-000000000201")),
            entry("gusto/employee_job_compensation.updated",
                    Map.of("/compensation_id", "f2f2f2f2-0000-4000-8000-000000000202")),
            entry("gusto/payroll.paid", Map.of("/payroll_id", "a3a3a3a3-0000-4000-8000-000000000301")),
            entry("deel/contract.created", Map.of("/employee_id", "m3xtest", "/first_name", "Sasha",
                    "/last_name", "Specimen", "/work_email", "sasha.specimen@example.com", "/title", "Data Engineer",
                    "/start_date", "2027-01-04", "/status", "new")),
            entry("deel/contract.signed", Map.of("/employee_id", "m3xtest", "/document_id", "m3xtest",
                    "/document_type", "employment_contract", "/signed_at", "2026-11-28T14:02:00.000Z")),
            entry("deel/contract.status.updated", Map.of("/employee_id", "m3xtest", "/status", "in_progress")),
            entry("deel/contract.terminated", Map.of("/employee_id", "m3xtest", "/termination_date", "2027-02-28")),
            entry("smartrecruiters/application.created", Map.of("/candidate_id", "a2a2a2a2-0000-4000-8000-000000000101",
                    "/job_id", "b1b1b1b1-0000-4000-8000-000000000042")),
            entry("smartrecruiters/application.status.updated", Map.of(
                    "/candidate_id", "a2a2a2a2-0000-4000-8000-000000000101", "/stage", "INTERVIEW")));

    private static HubProperties hub(Path routesDir) {
        List<Object> settings = new java.util.ArrayList<>(List.of("routes-dir", routesDir));
        for (SignatureScheme scheme : VENDORS) {
            String secret = scheme.name().equals("finch")
                    ? Base64.getEncoder().encodeToString("a-test-secret".getBytes(StandardCharsets.UTF_8))
                    : "a-test-secret";
            settings.addAll(List.of("sources." + scheme.name() + ".scheme", scheme.name(),
                    "sources." + scheme.name() + ".secrets", List.of(secret)));
        }
        return HubConfig.of(settings.toArray());
    }

    private static final HubProperties HUB = hub(ROUTES);
    private static final Sources SOURCES = new Sources(HUB, new SignatureSchemes(VENDORS));
    private static final SourceMappings MAPPINGS = new SourceMappings(HUB, JSON);

    private record Sample(String profile, String vendorType, Path file) {
        String key() {
            return profile + "/" + vendorType;
        }
    }

    private static List<Sample> samples() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(p -> {
                String name = p.getFileName().toString();
                return new Sample(p.getParent().getFileName().toString(), name.substring(0, name.length() - 5), p);
            }).toList();
        }
    }

    private static Set<String> mappingFiles() throws IOException {
        Path dir = ROUTES.resolve("mappings").resolve("sources");
        try (Stream<Path> files = Files.walk(dir)) {
            Set<String> keys = new TreeSet<>();
            files.filter(p -> p.getFileName().toString().endsWith(".jsonata")).forEach(p -> {
                String key = dir.relativize(p).toString().replace('\\', '/');
                keys.add(key.substring(0, key.length() - ".jsonata".length()));
            });
            return keys;
        }
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null ? null : value.isTextual() ? value.textValue() : "<" + value.getNodeType() + ">";
    }

    @Test
    void everyVendorSampleMapsToItsCanonicalRecord() throws IOException {
        List<Sample> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(EXPECTED.size());
        for (Sample sample : samples) {
            Sources.Source source = SOURCES.find(sample.profile()).orElseThrow();
            byte[] body = Files.readAllBytes(sample.file());
            JsonNode payload = JSON.readTree(body);

            // The type is where the scheme reads it; a header-borne type (SmartRecruiters) is named by the file.
            if (source.typeLocations().stream().allMatch(location -> location.startsWith("jsonpath:"))) {
                assertThat(EventFields.read(source.typeLocations(), new SignedRequest(Map.of(), body), payload))
                        .as("vendor type in %s", sample.file()).isEqualTo(sample.vendorType());
            }
            String canonicalType = source.canonicalType(sample.vendorType());
            assertThat(source.scheme().typeMap()).as("%s is a mapped %s event", sample.file(), sample.profile())
                    .containsKey(sample.vendorType());

            JsonNode record = MAPPINGS.map(source, canonicalType, payload).orElseThrow(
                    () -> new AssertionError("no mapping " + sample.profile() + "/" + canonicalType));
            assertThat(record.isObject()).as(sample.key()).isTrue();
            record.fields().forEachRemaining(field -> assertThat(field.getValue().isNull())
                    .as("%s: %s is null instead of left out", sample.key(), field.getKey()).isFalse());

            String idField = canonicalType.startsWith("candidate.") ? "candidate_id" : "employee_id";
            String entityId = NO_EMPLOYEE_IN_EVENT.get(sample.key());
            if (entityId == null) {
                assertThat(text(record, idField)).as("%s: %s", sample.key(), idField).isNotBlank();
            } else {
                assertThat(record.has(idField)).as("%s names no employee", sample.key()).isFalse();
                assertThat(text(record, entityId)).as("%s: %s", sample.key(), entityId).isNotBlank();
            }

            Map<String, Object> expected = EXPECTED.get(sample.key());
            assertThat(expected).as("expected values for sample %s", sample.key()).isNotNull();
            expected.forEach((pointer, value) -> {
                JsonNode actual = record.at(pointer);
                assertThat(actual.isMissingNode()).as("%s %s in %s", sample.key(), pointer, record).isFalse();
                if (value instanceof Number number) {
                    assertThat(actual.isNumber()).as("%s %s is a number", sample.key(), pointer).isTrue();
                    assertThat(actual.decimalValue()).as("%s %s", sample.key(), pointer)
                            .isEqualByComparingTo(new java.math.BigDecimal(number.toString()));
                } else {
                    assertThat(actual.isTextual()).as("%s %s is a string", sample.key(), pointer).isTrue();
                    assertThat(actual.textValue()).as("%s %s", sample.key(), pointer).isEqualTo(value);
                }
            });
        }
    }

    @Test
    void datesAreCalendarDatesAndSalariesCarryIsoCurrencies() throws IOException {
        for (Sample sample : samples()) {
            Sources.Source source = SOURCES.find(sample.profile()).orElseThrow();
            JsonNode record = MAPPINGS.map(source, source.canonicalType(sample.vendorType()),
                    JSON.readTree(sample.file().toFile())).orElseThrow();
            for (String date : List.of("start_date", "effective_date", "termination_date", "pay_date")) {
                if (record.has(date)) {
                    assertThat(text(record, date)).as("%s %s", sample.key(), date).matches("\\d{4}-\\d{2}-\\d{2}");
                }
            }
            if (record.has("salary")) {
                assertThat(record.at("/salary/amount").isNumber()).as(sample.key()).isTrue();
                assertThat(record.at("/salary/currency").asText()).as(sample.key()).matches("[A-Z]{3}");
            }
        }
    }

    @Test
    void everySchemeTypeHasAMappingAndEveryMappingASample() throws IOException {
        Set<String> files = mappingFiles();
        Set<String> required = new TreeSet<>();
        for (SignatureScheme scheme : VENDORS) {
            scheme.typeMap().values().forEach(canonical -> required.add(scheme.name() + "/" + canonical));
        }
        assertThat(files).as("mapping files").containsExactlyInAnyOrderElementsOf(required);

        Set<String> sampled = new TreeSet<>();
        for (Sample sample : samples()) {
            sampled.add(sample.profile() + "/" + SOURCES.find(sample.profile()).orElseThrow()
                    .canonicalType(sample.vendorType()));
        }
        assertThat(sampled).as("mappings with a sample").containsAll(files);
    }

    @Test
    void everySampleHasExpectedValuesAndEveryExpectationASample() throws IOException {
        List<String> keys = new ArrayList<>(samples().stream().map(Sample::key).toList());
        assertThat(keys).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void brokenMappingIsReportedWithFileLineAndColumn(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("mappings").resolve("sources").resolve("greenhouse");
        Files.createDirectories(dir);
        Path broken = dir.resolve("candidate.hired.jsonata");
        Files.writeString(broken, "/* a mapping with a missing brace */\n{\n  \"candidate_id\": $string(payload.id\n}\n");

        assertThatThrownBy(() -> new SourceMappings(hub(tmp), JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageMatching("(?s).*" + java.util.regex.Pattern.quote(broken.toString()) + ":\\d+:\\d+: .*");
    }
}
