package io.github.hrwebhookhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose stack (docker-compose.yml and deploy/compose/) as docker-compose itself resolves it with
 * deploy/compose/example.env: the services, how they are wired, and the nginx and Prometheus configurations checked
 * by their own tools. No Docker engine needed; the tools come from Debian (docker-compose, nginx-light, prometheus),
 * which .ci/run installs.
 */
class ComposeFileIT {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path COMPOSE_FILE = REPO.resolve("docker-compose.yml");
    private static final Path EXAMPLE_ENV = REPO.resolve("deploy/compose/example.env");
    private static final Path NGINX_CONF = REPO.resolve("deploy/compose/nginx.conf");
    private static final Path PROMETHEUS_CONF = REPO.resolve("deploy/compose/prometheus.yml");
    private static final Path ALERT_RULES = REPO.resolve("monitoring/prometheus/hub-alerts.yml");
    private static final Path DASHBOARD = REPO.resolve("monitoring/grafana/hr-webhook-hub.dashboard.json");
    private static final List<String> HUBS = List.of("hub-1", "hub-2");
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|KEY");

    /** `docker-compose config`: the stack with its variables filled in and its paths made absolute. */
    private static Map<Object, Object> resolved;
    private static Map<String, Map<Object, Object>> services;

    @BeforeAll
    static void resolveTheStack() throws Exception {
        Run config = compose(EXAMPLE_ENV);
        // stdout holds the resolved (demo) secrets: only stderr goes into a failure message
        assertThat(config.exit()).as("docker-compose config with deploy/compose/example.env failed:%n%s", config.stderr()).isZero();
        resolved = new Yaml().load(config.stdout());
        services = new LinkedHashMap<>();
        map(resolved.get("services")).forEach((name, service) -> services.put((String) name, map(service)));
    }

    @Test
    void stackIsTheBrokerTheDatabaseTwoHubsTheLoadBalancerAndMonitoring() {
        assertThat(services).containsOnlyKeys("artemis", "postgres", "hub-1", "hub-2", "lb", "prometheus", "grafana");
    }

    @Test
    void bothHubsAreOneHubUnderTwoNames() {
        // names only: the values hold the (demo) secrets
        assertThat(differences(services.get("hub-1"), services.get("hub-2"), "")).as("where hub-2 differs from hub-1").isEmpty();
        assertThat(map(services.get("hub-1").get("build")).get("context")).isEqualTo(REPO.toString());
    }

    @Test
    void hubsUseTheExternalBrokerAndPostgresInNativeModeOnceBothAreHealthy() {
        for (String hub : HUBS) {
            Map<String, String> env = environment(hub);
            assertThat(env).as(hub)
                    .containsEntry("SPRING_ARTEMIS_MODE", "native")
                    .containsEntry("SPRING_ARTEMIS_BROKER_URL", "tcp://artemis:61616")
                    .containsEntry("MANAGEMENT_SERVER_PORT", "8081")
                    .containsEntry("HUB_ROUTES_DIR", "/app/routes")
                    .containsKeys("SPRING_ARTEMIS_USER", "SPRING_ARTEMIS_PASSWORD", "SPRING_DATASOURCE_USERNAME",
                            "SPRING_DATASOURCE_PASSWORD", "HUB_OPS_PASSWORD", "HUB_STORAGE_ENCRYPTIONKEY");
            assertThat(env.get("SPRING_DATASOURCE_URL")).as(hub).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env.get("SPRING_ARTEMIS_USER")).isEqualTo(environment("artemis").get("ARTEMIS_USER"));
            assertThat(env.get("SPRING_ARTEMIS_PASSWORD")).isEqualTo(environment("artemis").get("ARTEMIS_PASSWORD"));
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(environment("postgres").get("POSTGRES_PASSWORD"));

            Map<Object, Object> dependsOn = map(services.get(hub).get("depends_on"));
            for (String dependency : List.of("artemis", "postgres")) {
                assertThat(map(dependsOn.get(dependency))).as(hub + " waits for " + dependency)
                        .containsEntry("condition", "service_healthy");
            }
            assertThat(String.join(" ", healthcheck(hub))).as(hub + " healthcheck")
                    .contains("127.0.0.1:8081/actuator/health/liveness");
            assertThat(mounts(hub)).as(hub + " reads the repository's routes")
                    .contains(new Mount(REPO.resolve("routes").toString(), "/app/routes", true));
        }
    }

    @Test
    void hubsReadTheirSourcesAndDestinationsFromTheMountedConfigWithSecretsFromTheEnvironment() throws IOException {
        Path configDir = REPO.resolve("deploy/compose/hub");
        for (String hub : HUBS) {
            assertThat(environment(hub).get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:/config/");
            assertThat(mounts(hub)).contains(new Mount(configDir.toString(), "/config", true));
        }
        String applicationYaml = Files.readString(configDir.resolve("application.yaml"));
        Map<Object, Object> hubConfig = map(new Yaml().<Map<Object, Object>>load(applicationYaml).get("hub"));
        assertThat(map(hubConfig.get("sources"))).containsKey("demo");
        assertThat(map(hubConfig.get("destinations"))).containsOnlyKeys("payroll", "hris", "messaging");

        // every secret in the file is a placeholder, and every placeholder is an environment variable the hubs get
        Set<String> placeholders = names(Pattern.compile("\\$\\{([A-Z0-9_]+)}"), applicationYaml);
        assertThat(placeholders).contains("DEMO_SOURCE_SECRET", "PAYROLL_SIGNING_SECRET");
        assertThat(environment("hub-1")).containsKeys(placeholders.toArray(String[]::new));
        assertThat(applicationYaml).doesNotContain("whsec_");
    }

    @Test
    void brokerRunsTheRepositoryBrokerXmlAndKeepsItsJournalOnANamedVolume() {
        assertThat((String) services.get("artemis").get("image")).isEqualTo("apache/activemq-artemis:2.40.0");
        assertThat(mounts("artemis")).contains(new Mount(REPO.resolve("deploy/artemis/broker.xml").toString(),
                "/var/lib/artemis-instance/etc-override/broker.xml", true));
        assertNamedVolumeAt("artemis", "/var/lib/artemis-instance");
        assertThat(healthcheck("artemis")).isNotEmpty();
    }

    @Test
    void databaseKeepsItsDataOnANamedVolumeAndReportsReadinessWithPgIsready() {
        assertThat((String) services.get("postgres").get("image")).startsWith("postgres:16");
        assertNamedVolumeAt("postgres", "/var/lib/postgresql/data");
        assertThat(String.join(" ", healthcheck("postgres"))).contains("pg_isready");
        assertThat(environment("postgres")).containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
    }

    @Test
    void loadBalancerSendsWebhooksToBothHubsWithTheClientAddressTheHubsTrust() throws IOException {
        assertThat(mounts("lb")).contains(new Mount(NGINX_CONF.toString(), "/etc/nginx/nginx.conf", true));
        String nginx = Files.readString(NGINX_CONF);
        Matcher pool = Pattern.compile("set \\$hubs (\\S+);").matcher(nginx);
        assertThat(pool.find()).as("nginx.conf names the hubs' pool").isTrue();
        for (String hub : HUBS) {
            Map<Object, Object> network = map(map(services.get(hub).get("networks")).get("default"));
            assertThat(strings(network.get("aliases"))).as(hub + " is in nginx's pool").contains(pool.group(1));
        }
        assertThat(nginx).containsPattern("location /webhooks/ \\{\\s*proxy_pass http://\\$hubs:8080;")
                .containsPattern("location /ops/ \\{\\s*proxy_pass http://\\$hubs:8080;")
                .contains("proxy_set_header X-Forwarded-For $remote_addr;");
        Matcher bodySize = Pattern.compile("client_max_body_size (\\d+)m;").matcher(nginx);
        assertThat(bodySize.find()).as("nginx.conf sets client_max_body_size in MiB").isTrue();
        assertThat(Integer.parseInt(bodySize.group(1))).as("room above the hub's own 1 MiB limit").isGreaterThan(1);

        // the hubs believe X-Forwarded-For from nginx's fixed address, and from nothing else
        String lbAddress = (String) map(map(services.get("lb").get("networks")).get("default")).get("ipv4_address");
        assertThat(lbAddress).isNotBlank();
        for (String hub : HUBS) {
            assertThat(environment(hub)).containsEntry("HUB_NETWORK_TRUSTEDPROXIES", lbAddress + "/32");
        }
    }

    @Test
    void nginxAcceptsTheLoadBalancerConfiguration(@TempDir Path work) throws Exception {
        Run check = run(List.of("nginx", "-t", "-e", "stderr", "-c", NGINX_CONF.toString(),
                "-g", "pid " + work.resolve("nginx.pid") + ";"), Map.of(), "nginx (Debian: apt-get install -y nginx-light)");
        assertThat(check.exit()).as("nginx -t:%n%s", check.stderr()).isZero();
    }

    @Test
    void onlyTheLoadBalancerPrometheusAndGrafanaArePublishedOnTheHost() {
        Map<String, Set<String>> published = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            Set<String> ports = new TreeSet<>();
            for (Object port : list(service.get("ports"))) {
                ports.add(port instanceof Map<?, ?> longForm
                        ? String.valueOf(longForm.get("published"))
                        : String.valueOf(port).replaceAll("^(?:.*:)?(\\d+):\\d+(/\\w+)?$", "$1"));
            }
            if (!ports.isEmpty()) {
                published.put(name, ports);
            }
        });
        assertThat(published).isEqualTo(Map.of("lb", Set.of("8080"), "prometheus", Set.of("9090"), "grafana", Set.of("3000")));
    }

    @Test
    void prometheusScrapesBothHubsWithTheOpsLoginAndLoadsTheHubAlertRules() throws IOException {
        List<Mount> mounts = mounts("prometheus");
        assertThat(mounts).contains(new Mount(PROMETHEUS_CONF.toString(), "/etc/prometheus/prometheus.yml", true));
        Mount rules = mounts.stream().filter(m -> m.source().equals(ALERT_RULES.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("prometheus does not mount " + ALERT_RULES));
        assertThat(rules.readOnly()).isTrue();

        Map<Object, Object> prometheus = new Yaml().load(Files.readString(PROMETHEUS_CONF));
        List<String> ruleFiles = list(prometheus.get("rule_files")).stream()
                .map(f -> Path.of("/etc/prometheus").resolve((String) f).normalize().toString()).toList();
        assertThat(ruleFiles).as("rule_files, as seen in the container").contains(rules.target());

        List<?> jobs = list(prometheus.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        Map<Object, Object> job = map(jobs.get(0));
        String alertJob = names(Pattern.compile("job=\"([^\"]+)\""), Files.readString(ALERT_RULES)).iterator().next();
        assertThat(job.get("job_name")).as("the job name the alert rules query").isEqualTo(alertJob);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<Object> targets = new ArrayList<>();
        list(job.get("static_configs")).forEach(c -> targets.addAll(list(map(c).get("targets"))));
        assertThat(targets).containsExactlyInAnyOrder("hub-1:8081", "hub-2:8081");

        Map<Object, Object> basicAuth = map(job.get("basic_auth"));
        assertThat(basicAuth.get("username")).isEqualTo(environment("hub-1").get("HUB_OPS_USERNAME"));
        assertThat(basicAuth).doesNotContainKey("password");
        String passwordFile = (String) basicAuth.get("password_file");
        assertThat(list(services.get("prometheus").get("tmpfs"))).as("the password file lives in memory")
                .anySatisfy(tmpfs -> assertThat(passwordFile).startsWith(tmpfs + "/"));
        assertThat(String.join(" ", strings(services.get("prometheus").get("entrypoint")))).contains(passwordFile);
        assertThat(environment("prometheus").get("HUB_OPS_PASSWORD")).isEqualTo(environment("hub-1").get("HUB_OPS_PASSWORD"));
    }

    /** promtool checks the config and the rule files it names, laid out as the prometheus service's mounts place them. */
    @Test
    void prometheusConfigPassesPromtoolInTheContainersLayout(@TempDir Path etcPrometheus) throws Exception {
        for (Mount mount : mounts("prometheus")) {
            if (mount.isBind() && mount.target().startsWith("/etc/prometheus/")) {
                Path copy = etcPrometheus.resolve(mount.target().substring("/etc/prometheus/".length()));
                Files.createDirectories(copy.getParent());
                Files.copy(Path.of(mount.source()), copy);
            }
        }
        Run check = run(List.of("promtool", "check", "config", etcPrometheus.resolve("prometheus.yml").toString()), Map.of(),
                "promtool (Debian: apt-get install -y --no-install-recommends prometheus)");
        assertThat(check.exit()).as("promtool check config:%n%s%s", check.stdout(), check.stderr()).isZero();
        assertThat(check.stdout()).contains("1 rule files found");
    }

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheHubDashboardFromMonitoring() throws IOException {
        List<Mount> mounts = mounts("grafana");
        Mount dashboard = mounts.stream().filter(m -> m.source().equals(DASHBOARD.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("grafana does not mount " + DASHBOARD));
        Path provisioning = REPO.resolve("deploy/compose/grafana/provisioning");
        assertThat(mounts).contains(
                new Mount(provisioning.resolve("datasources").toString(), "/etc/grafana/provisioning/datasources", true),
                new Mount(provisioning.resolve("dashboards").toString(), "/etc/grafana/provisioning/dashboards", true));

        List<String> providerPaths = new ArrayList<>();
        for (Map<Object, Object> file : yamlFiles(provisioning.resolve("dashboards"))) {
            list(file.get("providers")).forEach(p -> providerPaths.add((String) map(map(p).get("options")).get("path")));
        }
        assertThat(providerPaths).as("a dashboard provider reads the mounted dashboard")
                .anySatisfy(path -> assertThat(dashboard.target()).startsWith(path + "/"));

        List<Map<Object, Object>> datasources = new ArrayList<>();
        for (Map<Object, Object> file : yamlFiles(provisioning.resolve("datasources"))) {
            list(file.get("datasources")).forEach(d -> datasources.add(map(d)));
        }
        assertThat(datasources).hasSize(1);
        Map<Object, Object> datasource = datasources.get(0);
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090")
                .containsEntry("isDefault", true);

        // each panel names its datasource either through the dashboard's ${datasource} variable (a Prometheus one:
        // Grafana starts it on the default datasource) or by a uid that must then be the provisioned one
        JsonNode json = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<JsonNode> references = json.findValues("datasource").stream().filter(JsonNode::isObject).toList();
        assertThat(references).isNotEmpty();
        for (JsonNode reference : references) {
            assertThat(reference.path("type").asText()).isEqualTo("prometheus");
            String uid = reference.path("uid").asText();
            if (uid.equals("${datasource}")) {
                assertThat(json.at("/templating/list").findValuesAsText("query")).contains("prometheus");
            } else {
                assertThat(uid).isEqualTo(datasource.get("uid"));
            }
        }
    }

    @Test
    void noServiceRunsPrivilegedOrGainsCapabilities() {
        services.forEach((name, service) -> {
            assertThat(service.get("privileged")).as(name).isIn(null, false);
            assertThat(service).as(name).doesNotContainKeys("cap_add", "pid", "ipc", "network_mode");
        });
        for (String dropsAll : List.of("hub-1", "hub-2", "artemis", "prometheus", "grafana")) {
            assertThat(strings(services.get(dropsAll).get("cap_drop"))).as(dropsAll).contains("ALL");
        }
    }

    @Test
    void everyBindMountedHostPathExistsInTheRepository() {
        services.forEach((name, service) -> {
            for (Mount mount : mounts(name)) {
                if (mount.isBind()) {
                    Path source = Path.of(mount.source());
                    assertThat(source).as(name + " mounts a path outside the repository").startsWith(REPO);
                    assertThat(source).as(name + " mounts a missing path").exists();
                }
            }
        });
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        services.forEach((name, service) -> {
            String image = (String) service.get("image");
            if (service.containsKey("build")) {
                assertThat(image).as(name).isEqualTo("hr-webhook-hub:local");
            } else {
                assertThat(image).as(name).matches("[^:]+:v?\\d+(\\.\\d+)+(-[a-z0-9.]+)?");
            }
        });
    }

    @Test
    void exampleEnvDocumentsEveryVariableTheStackReads() throws IOException {
        Set<String> used = names(Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)"), Files.readString(COMPOSE_FILE));
        Set<String> documented = names(Pattern.compile("(?m)^#?([A-Z0-9_]+)="), Files.readString(EXAMPLE_ENV));
        assertThat(documented).containsAll(used);
        assertThat(used).containsAll(documented);
    }

    @Test
    void stackRefusesToStartWithoutItsSecrets(@TempDir Path work) throws Exception {
        Path empty = Files.createFile(work.resolve("empty.env"));
        Run config = compose(empty);
        assertThat(config.exit()).as("docker-compose config without secrets").isNotZero();
        assertThat(config.stderr()).contains("see deploy/compose/example.env");
    }

    // --- helpers

    private record Run(int exit, String stdout, String stderr) {
    }

    private record Mount(String source, String target, boolean readOnly) {
        boolean isBind() {
            return source.startsWith("/");
        }
    }

    /** `docker-compose config` with this env file as the only source of the stack's variables. */
    private static Run compose(Path envFile) throws Exception {
        Set<String> variables = names(Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)"), Files.readString(COMPOSE_FILE));
        Map<String, String> unset = new LinkedHashMap<>();
        variables.forEach(v -> unset.put(v, null));
        unset.put("COMPOSE_FILE", null);
        unset.put("COMPOSE_PROJECT_NAME", null);
        return run(List.of("docker-compose", "-f", COMPOSE_FILE.toString(), "--env-file", envFile.toString(), "config"),
                unset, "docker-compose (Debian: apt-get install -y docker-compose)");
    }

    /** Runs a tool in the repository; environment entries mapped to null are removed. */
    private static Run run(List<String> command, Map<String, String> environment, String install) throws Exception {
        Path out = Files.createTempFile("compose-test", ".out");
        Path err = Files.createTempFile("compose-test", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            environment.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail(command.get(0) + " is not installed: this test needs " + install, e);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " took more than 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Volumes in either form `docker-compose config` prints: "source:target[:mode]" (v1) or a map (v2). */
    private static List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(services.get(service).get("volumes"))) {
            if (volume instanceof Map<?, ?> longForm) {
                mounts.add(new Mount(String.valueOf(longForm.get("source")), String.valueOf(longForm.get("target")),
                        Boolean.TRUE.equals(longForm.get("read_only"))));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                mounts.add(new Mount(parts[0], parts[1], parts.length > 2 && List.of(parts[2].split(",")).contains("ro")));
            }
        }
        return mounts;
    }

    private static void assertNamedVolumeAt(String service, String target) {
        Mount mount = mounts(service).stream().filter(m -> m.target().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no volume at " + target));
        assertThat(mount.isBind()).as(service + " keeps " + target + " on a named volume, not a host path").isFalse();
        Map<Object, Object> declared = map(resolved.get("volumes"));
        assertThat(declared).as("top-level volumes").containsKey(mount.source());
        assertThat(map(declared.get(mount.source()))).as(mount.source() + " is the stack's own, persistent volume")
                .doesNotContainKeys("external", "driver_opts");
        assertThat(mount.readOnly()).isFalse();
    }

    /** The paths (service.key.key...) at which two resolved configurations differ. */
    private static List<String> differences(Object a, Object b, String path) {
        List<String> differences = new ArrayList<>();
        if (a instanceof Map<?, ?> mapA && b instanceof Map<?, ?> mapB) {
            Set<Object> keys = new java.util.LinkedHashSet<>(mapA.keySet());
            keys.addAll(mapB.keySet());
            for (Object key : keys) {
                differences.addAll(differences(mapA.get(key), mapB.get(key), path + "/" + key));
            }
        } else if (!java.util.Objects.equals(a, b)) {
            differences.add(path);
        }
        return differences;
    }

    /** A service's environment, secrets replaced by a digest: comparable, and never printed by a failing assertion. */
    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(services.get(service).get("environment")).forEach((k, v) -> {
            String key = String.valueOf(k);
            env.put(key, SECRET_NAME.matcher(key).find() ? digest(String.valueOf(v)) : String.valueOf(v));
        });
        return env;
    }

    private static String digest(String value) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> healthcheck(String service) {
        return strings(map(services.get(service).get("healthcheck")).get("test"));
    }

    private static List<Map<Object, Object>> yamlFiles(Path dir) throws IOException {
        List<Map<Object, Object>> files = new ArrayList<>();
        try (var listing = Files.list(dir)) {
            for (Path file : listing.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                files.add(new Yaml().load(Files.readString(file)));
            }
        }
        return files;
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value) {
        return value == null ? Map.of() : (Map<Object, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
