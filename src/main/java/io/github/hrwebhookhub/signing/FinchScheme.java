package io.github.hrwebhookhub.signing;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Finch (payroll and HRIS API): Standard Webhooks under {@code Finch-Event-Id}, {@code Finch-Timestamp} and
 * {@code Finch-Signature}. The secret is plain base64 with no {@code whsec_} prefix.
 */
@Component
public class FinchScheme extends StandardWebhooksScheme {

    @Override
    public String name() {
        return "finch";
    }

    @Override
    protected List<String> headerNames() {
        return List.of("Finch-Event-Id", "Finch-Timestamp", "Finch-Signature");
    }

    @Override
    public byte[] key(String secret) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a finch secret must be the base64 string Finch showed when the webhook "
                    + "was created; this one is not valid base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a finch secret must not be empty");
        }
        return key;
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:Finch-Event-Id");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event_type");
    }

    /**
     * Finch reports data changes per entity. A deleted employment is how a terminated worker shows up; a changed
     * individual (name, address, tax details) matters to payroll and HRIS alike, so it joins the status changes.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "employment.created", "employee.created",
                "employment.updated", "employee.status_changed",
                "employment.deleted", "employee.terminated",
                "individual.updated", "employee.status_changed",
                "payment.created", "payroll.record_updated",
                "payment.updated", "payroll.record_updated",
                "pay_statement.created", "payroll.record_updated",
                "pay_statement.updated", "payroll.record_updated");
    }
}
