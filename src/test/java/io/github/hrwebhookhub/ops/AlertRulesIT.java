package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The alert rules are valid Prometheus rules, and fire when they should: checked and unit-tested with promtool
 * (Debian's prometheus package; .ci/run installs it).
 */
class AlertRulesIT {

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void alertRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "monitoring/prometheus/hub-alerts.yml")).contains("SUCCESS");
    }

    @Test
    void alertsFireOnTheirConditions() throws Exception {
        assertThat(promtool("test", "rules", "monitoring/prometheus/hub-alerts.test.yml")).contains("SUCCESS");
    }
}
