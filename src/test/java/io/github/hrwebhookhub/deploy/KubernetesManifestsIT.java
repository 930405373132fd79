package io.github.hrwebhookhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests under k8s/: both overlays render with {@code kubectl kustomize}, every document passes
 * the schema validation of k8s/validate (Node.js; {@code npm ci} installs it), and the rendered resources keep the
 * properties the deployment relies on. Needs kubectl with kustomize v5 and npm on the PATH (.ci/run installs them).
 */
class KubernetesManifestsIT {

    private static final Path K8S = Path.of("k8s");
    private static final Path VALIDATOR = K8S.resolve("validate");
    private static final Path RENDERED = Path.of("target", "k8s");
    private static final Path REPOSITORY_ROUTES = Path.of("routes");
    private static final Path ROUTES_OVERRIDE = K8S.resolve("components").resolve("routes-override");
    private static final String ROUTES_MOUNT = "/app/routes";

    private static Map<String, List<Map<String, Object>>> rendered;

    @BeforeAll
    static void renderBothOverlays() throws Exception {
        requireKubectlWithKustomize5();
        Files.createDirectories(RENDERED);
        rendered = new LinkedHashMap<>();
        for (String overlay : List.of("dev", "prod")) {
            // plain `kubectl kustomize`, no --load-restrictor: the overlays must render as anyone would render them
            Result result = run(30, null, "kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString());
            assertThat(result.exitCode).as("kubectl kustomize k8s/overlays/%s:%n%s", overlay, result.output).isZero();
            Files.writeString(RENDERED.resolve(overlay + ".yaml"), result.output);
            rendered.put(overlay, parseAll(result.output));
        }
    }

    // ---- schemas ----

    @Test
    void everyRenderedDocumentPassesSchemaValidation() throws Exception {
        requireTool("npm", "Node.js and npm (Debian: apt-get install nodejs npm)");
        Result install = run(120, VALIDATOR.toFile(), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        assertThat(install.exitCode).as("npm ci in k8s/validate:%n%s", install.output).isZero();
        Result validation = run(60, VALIDATOR.toFile(), "node", "validate.mjs",
                RENDERED.resolve("dev.yaml").toAbsolutePath().toString(),
                RENDERED.resolve("prod.yaml").toAbsolutePath().toString());
        assertThat(validation.exitCode).as(validation.output).isZero();
        assertThat(validation.output).contains(", 0 invalid").doesNotContain("INVALID");
        int documents = rendered.values().stream().mapToInt(List::size).sum();
        assertThat(validation.output).contains(documents + " documents checked");
    }

    // ---- the hub's pods ----

    @Test
    void hubRunsAsNonRootWithReadOnlyRootFilesystemAndNoCapabilities() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> pod = podSpec(docs);
            assertThat(get(pod, "securityContext.runAsNonRoot")).as(overlay).isEqualTo(true);
            assertThat(get(pod, "securityContext.runAsUser")).as(overlay).isEqualTo(10001);
            assertThat(get(pod, "securityContext.seccompProfile.type")).as(overlay).isEqualTo("RuntimeDefault");
            assertThat(get(pod, "automountServiceAccountToken")).as(overlay).isEqualTo(false);
            Map<String, Object> container = hubContainer(docs);
            assertThat(get(container, "securityContext.runAsNonRoot")).as(overlay).isEqualTo(true);
            assertThat(get(container, "securityContext.runAsUser")).as(overlay).isEqualTo(10001);
            assertThat(get(container, "securityContext.readOnlyRootFilesystem")).as(overlay).isEqualTo(true);
            assertThat(get(container, "securityContext.allowPrivilegeEscalation")).as(overlay).isEqualTo(false);
            assertThat(get(container, "securityContext.capabilities.drop")).as(overlay).isEqualTo(List.of("ALL"));
            assertThat(get(container, "securityContext.seccompProfile.type")).as(overlay).isEqualTo("RuntimeDefault");
        });
    }

    @Test
    void onlyDataAndTmpAreWritableAndRoutesComeFromTheImage() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> pod = podSpec(docs);
            Map<String, Map<String, Object>> mounts = new HashMap<>();
            for (Map<String, Object> mount : list(hubContainer(docs), "volumeMounts")) {
                mounts.put((String) mount.get("mountPath"), mount);
            }
            Map<String, Map<String, Object>> volumes = list(pod, "volumes").stream()
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
            assertThat(volumes.get(mounts.get("/data").get("name"))).as(overlay).containsKey("emptyDir");
            assertThat(volumes.get(mounts.get("/tmp").get("name"))).as(overlay).containsKey("emptyDir");
            // the routes the image ships (Dockerfile: COPY routes/ ./routes/): nothing mounted over or inside them,
            // and no copy of routes/ in a ConfigMap
            assertThat(mounts.keySet()).as("%s: mounts at or inside %s", overlay, ROUTES_MOUNT)
                    .noneMatch(path -> path.equals(ROUTES_MOUNT) || path.startsWith(ROUTES_MOUNT + "/"));
            assertThat(ofKind(docs, "ConfigMap")).extracting(KubernetesManifestsIT::name).as(overlay)
                    .noneMatch(name -> name.startsWith("hub-routes"));
            assertThat(pod).as(overlay).doesNotContainKey("initContainers");
            Map<String, String> env = hubEnvironment(docs);
            assertThat(env).as(overlay).containsEntry("HUB_ROUTES_DIR", "/app/routes").containsEntry("HUB_DATA_DIR", "/data")
                    .containsEntry("MANAGEMENT_SERVER_PORT", "8081");
        });
    }

    @Test
    void hubHasStartupLivenessAndReadinessProbesOnTheActuatorPort() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> container = hubContainer(docs);
            Map<String, Object> ports = list(container, "ports").stream()
                    .collect(Collectors.toMap(p -> (String) p.get("name"), p -> p.get("containerPort")));
            assertThat(ports).as(overlay).containsEntry("http", 8080).containsEntry("management", 8081);
            assertThat(get(container, "livenessProbe.httpGet.path")).as(overlay).isEqualTo("/actuator/health/liveness");
            assertThat(get(container, "livenessProbe.httpGet.port")).as(overlay).isEqualTo("management");
            assertThat(get(container, "readinessProbe.httpGet.path")).as(overlay).isEqualTo("/actuator/health/readiness");
            assertThat(get(container, "readinessProbe.httpGet.port")).as(overlay).isEqualTo("management");
            assertThat(get(container, "startupProbe.httpGet.port")).as(overlay).isEqualTo("management");
            // Spring Boot with Camel needs up to 30 s: the startup probe allows well over a minute
            int startupBudget = (Integer) get(container, "startupProbe.periodSeconds")
                    * (Integer) get(container, "startupProbe.failureThreshold");
            assertThat(startupBudget).as(overlay).isGreaterThanOrEqualTo(90);
            assertThat(get(container, "resources.requests.cpu")).as(overlay).isNotNull();
            assertThat(get(container, "resources.requests.memory")).as(overlay).isNotNull();
            assertThat(get(container, "resources.limits.memory")).as(overlay).isNotNull();
        });
    }

    @Test
    void hubDrainsFromTheLoadBalancerBeforeSpringShutsDownGracefully() {
        forEachOverlay((overlay, docs) -> {
            int preStopSeconds = (Integer) get(hubContainer(docs), "lifecycle.preStop.sleep.seconds");
            assertThat(preStopSeconds).as(overlay).isBetween(5, 20);
            // preStop, then Spring's graceful shutdown (30 s per phase by default), inside the grace period
            assertThat((Integer) get(podSpec(docs), "terminationGracePeriodSeconds")).as(overlay)
                    .isGreaterThanOrEqualTo(preStopSeconds + 30);
            assertThat(get(find(docs, "Deployment", "hr-webhook-hub"), "spec.strategy.rollingUpdate.maxUnavailable"))
                    .as(overlay).isEqualTo(0);
        });
    }

    @Test
    void hubReplicasSpreadAcrossNodesWithThreeInProduction() {
        assertThat(get(find(rendered.get("prod"), "Deployment", "hr-webhook-hub"), "spec.replicas")).isEqualTo(3);
        assertThat((Integer) get(find(rendered.get("dev"), "Deployment", "hr-webhook-hub"), "spec.replicas")).isBetween(1, 2);
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> podLabels = map(get(find(docs, "Deployment", "hr-webhook-hub"), "spec.template.metadata.labels"));
            List<Map<String, Object>> spread = list(podSpec(docs), "topologySpreadConstraints");
            assertThat(spread).as(overlay).anySatisfy(constraint -> {
                assertThat(constraint.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
                assertThat(constraint.get("whenUnsatisfiable")).isEqualTo("DoNotSchedule");
                assertThat(constraint.get("maxSkew")).isEqualTo(1);
                assertThat(podLabels).containsAllEntriesOf(map(get(constraint, "labelSelector.matchLabels")));
            });
        });
    }

    @Test
    void productionImageIsPinnedToAVersion() {
        String image = (String) hubContainer(rendered.get("prod")).get("image");
        assertThat(image).matches(".+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$").doesNotEndWith(":latest");
        assertThat(image.substring(image.lastIndexOf('/') + 1)).contains(":");
    }

    @Test
    void podDisruptionBudgetKeepsHubReplicasThroughADrain() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> pdb = find(docs, "PodDisruptionBudget", "hr-webhook-hub");
            assertThat(pdb.get("apiVersion")).as(overlay).isEqualTo("policy/v1");
            assertThat(get(pdb, "spec.maxUnavailable")).as(overlay).isEqualTo(1);
            assertThat(map(get(find(docs, "Deployment", "hr-webhook-hub"), "spec.template.metadata.labels")))
                    .as(overlay).containsAllEntriesOf(map(get(pdb, "spec.selector.matchLabels")));
        });
    }

    @Test
    void productionAutoscalesTheHubOnCpuAndDevelopmentDoesNot() {
        Map<String, Object> hpa = find(rendered.get("prod"), "HorizontalPodAutoscaler", "hr-webhook-hub");
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(get(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(get(hpa, "spec.scaleTargetRef.name")).isEqualTo("hr-webhook-hub");
        assertThat((Integer) get(hpa, "spec.minReplicas")).isGreaterThanOrEqualTo(3);
        assertThat((Integer) get(hpa, "spec.maxReplicas")).isGreaterThan((Integer) get(hpa, "spec.minReplicas"));
        assertThat(list(hpa, "spec.metrics")).anySatisfy(metric -> {
            assertThat(get(metric, "resource.name")).isEqualTo("cpu");
            assertThat(get(metric, "resource.target.type")).isEqualTo("Utilization");
        });
        assertThat(ofKind(rendered.get("dev"), "HorizontalPodAutoscaler")).isEmpty();
    }

    // ---- what is reachable from where ----

    @Test
    @SuppressWarnings("unchecked")
    void ingressExposesOnlyWebhooksOverTlsWithRoomForAOneMebibyteBody() {
        forEachOverlay((overlay, docs) -> {
            List<Map<String, Object>> ingresses = ofKind(docs, "Ingress");
            assertThat(ingresses).as(overlay).hasSize(1);
            Map<String, Object> ingress = ingresses.get(0);
            List<Map<String, Object>> rules = list(ingress, "spec.rules");
            assertThat(rules).as(overlay).hasSize(1);
            List<Map<String, Object>> paths = list(rules.get(0), "http.paths");
            assertThat(paths).as(overlay).hasSize(1);
            assertThat(paths.get(0)).containsEntry("path", "/webhooks").containsEntry("pathType", "Prefix");
            assertThat(get(paths.get(0), "backend.service.name")).isEqualTo("hr-webhook-hub");
            assertThat(get(ingress, "spec.defaultBackend")).isNull();

            String host = (String) rules.get(0).get("host");
            assertThat(host).as(overlay).isNotBlank();
            List<Map<String, Object>> tls = list(ingress, "spec.tls");
            assertThat(tls).as(overlay).anySatisfy(entry -> {
                assertThat((List<Object>) entry.get("hosts")).contains(host);
                assertThat((String) entry.get("secretName")).isNotBlank();
            });
            Map<String, Object> annotations = map(get(ingress, "metadata.annotations"));
            assertThat(bytes((String) annotations.get("nginx.ingress.kubernetes.io/proxy-body-size")))
                    .as(overlay).isGreaterThanOrEqualTo(1024 * 1024);
            assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        });
        assertThat(map(get(find(rendered.get("prod"), "Ingress", "hr-webhook-hub"), "metadata.annotations")))
                .containsKey("cert-manager.io/cluster-issuer");
    }

    @Test
    void opsApiActuatorAndBrokerStayInsideTheCluster() {
        forEachOverlay((overlay, docs) -> {
            for (Map<String, Object> service : ofKind(docs, "Service")) {
                assertThat(get(service, "spec.type")).as("%s %s", overlay, name(service)).isEqualTo("ClusterIP");
            }
            Map<String, Object> ops = find(docs, "Service", "hr-webhook-hub-ops");
            assertThat(list(ops, "spec.ports")).extracting(p -> p.get("port")).containsExactlyInAnyOrder(8080, 8081);
            Map<String, Object> publicService = find(docs, "Service", "hr-webhook-hub");
            assertThat(list(publicService, "spec.ports")).extracting(p -> p.get("port")).containsExactly(8080);
            assertThat(ofKind(docs, "Route")).isEmpty();
        });
    }

    @Test
    void networkPoliciesLetOnlyTheIngressControllerMonitoringAndTheHubIn() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> hub = find(docs, "NetworkPolicy", "hr-webhook-hub");
            assertThat(list(hub, "spec.ingress")).as(overlay).anySatisfy(rule -> {
                assertThat(list(rule, "from")).anySatisfy(from -> assertThat(get(from,
                        "namespaceSelector.matchLabels")).isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx")));
                assertThat(list(rule, "ports")).extracting(p -> p.get("port")).containsExactly(8080);
            }).anySatisfy(rule -> {
                assertThat(list(rule, "from")).anySatisfy(from -> assertThat(get(from,
                        "namespaceSelector.matchLabels")).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
                assertThat(list(rule, "ports")).extracting(p -> p.get("port")).containsExactly(8081);
            });
            Map<String, Object> hubPodLabels = map(get(find(docs, "Deployment", "hr-webhook-hub"), "spec.template.metadata.labels"));
            for (String[] data : new String[][] { { "hub-broker", "61616" }, { "hub-db", "5432" } }) {
                Map<String, Object> policy = find(docs, "NetworkPolicy", data[0]);
                assertThat(list(policy, "spec.ingress")).as("%s %s", overlay, data[0]).anySatisfy(rule -> {
                    assertThat(list(rule, "from")).anySatisfy(from ->
                            assertThat(hubPodLabels).containsAllEntriesOf(map(get(from, "podSelector.matchLabels"))));
                    assertThat(list(rule, "ports")).extracting(p -> String.valueOf(p.get("port"))).containsExactly(data[1]);
                });
            }
        });
    }

    // ---- configuration and secrets ----

    @Test
    void noCopyOfRoutesAndNoSyncScriptInK8s() {
        try (Stream<Path> paths = Files.walk(K8S)) {
            assertThat(paths.filter(Files::isRegularFile).filter(path -> !path.startsWith(VALIDATOR)).map(Path::toString))
                    .as("files under k8s/ that copy routes/ or keep a copy in sync")
                    .noneMatch(path -> path.endsWith(".camel.yaml") || path.endsWith(".jsonata") || path.endsWith(".schema.json")
                            || path.endsWith("sync-routes.sh"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void routesOverrideComponentMountsTheUsersConfigMapOverTheImageRoutes() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            // a user's overlay as docs/production.md describes it: on top of ours, with the component and a ConfigMap
            Path user = RENDERED.resolve("user-" + overlay);
            Files.createDirectories(user.resolve("my-routes"));
            Files.writeString(user.resolve("my-routes").resolve("routing.camel.yaml"), "# mine\n");
            Map<String, Object> ours = yaml().load(Files.readString(K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml")));
            Map<String, Object> image = list(ours, "images").get(0);
            Files.writeString(user.resolve("kustomization.yaml"), String.join("\n",
                    "namespace: " + ours.get("namespace"),
                    "resources:", "  - ../../../k8s/overlays/" + overlay,
                    "components:", "  - ../../../" + ROUTES_OVERRIDE.toString().replace('\\', '/'),
                    "images:", "  - name: hr-webhook-hub",
                    image.containsKey("newName") ? "    newName: " + image.get("newName") : "",
                    "    newTag: \"" + image.get("newTag") + "\"",
                    "configMapGenerator:", "  - name: hub-routes-override", "    files:",
                    "      - routing.camel.yaml=my-routes/routing.camel.yaml", ""));
            Result result = run(30, null, "kubectl", "kustomize", user.toString());
            assertThat(result.exitCode).as("kubectl kustomize %s:%n%s", user, result.output).isZero();
            List<Map<String, Object>> docs = parseAll(result.output);
            Map<String, Object> pod = podSpec(docs);
            Map<String, Object> hub = hubContainer(docs);
            List<Map<String, Object>> inits = list(pod, "initContainers");
            assertThat(inits).as(overlay).hasSize(1);
            Map<String, Object> init = inits.get(0);
            assertThat(init.get("image")).as("%s: the init container runs the hub's own image", overlay).isEqualTo(hub.get("image"));
            assertThat(get(init, "securityContext.runAsNonRoot")).as(overlay).isEqualTo(true);
            assertThat(get(init, "securityContext.readOnlyRootFilesystem")).as(overlay).isEqualTo(true);
            Map<String, Map<String, Object>> volumes = list(pod, "volumes").stream()
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
            Map<String, Object> hubRoutes = list(hub, "volumeMounts").stream()
                    .filter(m -> ROUTES_MOUNT.equals(m.get("mountPath"))).findFirst().orElseThrow();
            assertThat(hubRoutes).as(overlay).containsEntry("readOnly", true);
            assertThat(volumes.get(hubRoutes.get("name"))).as(overlay).containsKey("emptyDir");
            Map<String, String> initMounts = list(init, "volumeMounts").stream()
                    .collect(Collectors.toMap(m -> (String) m.get("mountPath"), m -> (String) m.get("name")));
            Map<String, String> initEnv = list(init, "env").stream()
                    .collect(Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
            assertThat(initEnv.get("IMAGE_ROUTES")).as(overlay).isEqualTo(ROUTES_MOUNT);
            assertThat(initMounts).as(overlay).doesNotContainKey(ROUTES_MOUNT)
                    .containsEntry(initEnv.get("MERGED"), (String) hubRoutes.get("name"));
            // the override volume is the ConfigMap the user generated (its hashed name), and it holds the user's file
            String configMapName = (String) get(volumes.get(initMounts.get(initEnv.get("OVERRIDE"))), "configMap.name");
            assertThat(configMapName).as(overlay).startsWith("hub-routes-override-");
            assertThat(configMapData(find(docs, "ConfigMap", configMapName))).as(overlay).containsEntry("routing.camel.yaml", "# mine\n");
        }
    }

    @Test
    void routesOverrideScriptLaysTheConfigMapFilesOverTheImageRoutes() throws Exception {
        requireTool("sh", "a POSIX shell");
        Map<String, Object> patch = yaml().load(Files.readString(ROUTES_OVERRIDE.resolve("hub-routes-override.yaml")));
        Map<String, Object> init = list(patch, "spec.template.spec.initContainers").get(0);
        String script = (String) ((List<?>) init.get("args")).get(0);
        Path scratch = Files.createTempDirectory(RENDERED, "routes-override");
        Path imageRoutes = scratch.resolve("image-routes");
        Path override = scratch.resolve("override");
        Path merged = scratch.resolve("merged");
        copyTree(REPOSITORY_ROUTES, imageRoutes);
        Files.createDirectories(override);
        Files.createDirectories(merged);
        Files.writeString(override.resolve("routing.camel.yaml"), "# replaced\n");
        Files.writeString(override.resolve("mappings__destinations__payroll__bonus.changed.jsonata"), "{}\n");
        // what a ConfigMap volume also holds: the ..data link and a dotted directory, never files to copy
        Files.createDirectories(override.resolve("..2026_12_07"));
        Result result = run(30, null, "env", "IMAGE_ROUTES=" + imageRoutes, "OVERRIDE=" + override, "MERGED=" + merged,
                "sh", "-c", script);
        assertThat(result.exitCode).as(result.output).isZero();
        Map<String, String> expected = files(REPOSITORY_ROUTES);
        expected.put("routing.camel.yaml", "# replaced\n");
        expected.put("mappings/destinations/payroll/bonus.changed.jsonata", "{}\n");
        assertThat(files(merged)).isEqualTo(expected);

        // a key that would climb out of the routes folder is refused, and the hub does not start on a half tree
        Path merged2 = Files.createDirectories(scratch.resolve("merged2"));
        Files.writeString(override.resolve("mappings__..__..__..__escaped"), "x\n");
        Result refused = run(30, null, "env", "IMAGE_ROUTES=" + imageRoutes, "OVERRIDE=" + override, "MERGED=" + merged2,
                "sh", "-c", script);
        assertThat(refused.exitCode).as(refused.output).isNotZero();
        assertThat(refused.output).contains("refused key");
        assertThat(scratch.resolve("escaped")).doesNotExist();
    }

    @Test
    void secretsAreReferencedByNameAndNeverShippedForProduction() {
        assertThat(ofKind(rendered.get("prod"), "Secret")).isEmpty();
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> container = hubContainer(docs);
            Set<String> referenced = new HashSet<>();
            for (Map<String, Object> env : list(container, "env")) {
                assertThat(env).as("%s env %s must come from a Secret or ConfigMap", overlay, env.get("name"))
                        .doesNotContainKey("value");
                Object secretName = get(env, "valueFrom.secretKeyRef.name");
                if (secretName != null) referenced.add((String) secretName);
            }
            list(container, "envFrom").stream().map(e -> (String) get(e, "secretRef.name")).filter(n -> n != null)
                    .forEach(referenced::add);
            assertThat(referenced).as(overlay).contains("hub-secrets", "hub-ops-credentials",
                    "hub-broker-credentials-secret", "hub-db-credentials");
        });
        // development generates every Secret the hub, the operators and Prometheus look up, each with the keys read
        List<Map<String, Object>> dev = rendered.get("dev");
        Map<String, Set<String>> keys = new HashMap<>();
        for (Map<String, Object> secret : ofKind(dev, "Secret")) {
            keys.put(name(secret), map(secret.get("data")).keySet());
        }
        for (Map<String, Object> env : list(hubContainer(dev), "env")) {
            Map<String, Object> ref = map(get(env, "valueFrom.secretKeyRef"));
            if (!ref.isEmpty()) {
                assertThat(keys.get((String) ref.get("name"))).as("dev Secret %s", ref.get("name")).contains((String) ref.get("key"));
            }
        }
        assertThat(keys.get("hub-secrets")).contains("HUB_STORAGE_ENCRYPTIONKEY", "DEMO_SOURCE_SECRET",
                "PAYROLL_SIGNING_SECRET", "HRIS_SIGNING_SECRET", "MESSAGING_SIGNING_SECRET");
        assertThat(keys.get("hub-broker-credentials-secret")).contains("AMQ_USER", "AMQ_PASSWORD", "AMQ_CLUSTER_USER",
                "AMQ_CLUSTER_PASSWORD");
        assertThat(keys.get("hub-db-credentials")).contains("username", "password");
    }

    @Test
    void developmentSecretsHoldOnlyObviousDemoValues() {
        for (Map<String, Object> secret : ofKind(rendered.get("dev"), "Secret")) {
            map(secret.get("data")).forEach((key, value) -> {
                String decoded = decode((String) value);
                if (key.equals("HUB_STORAGE_ENCRYPTIONKEY")) {
                    // base64 of 32 bytes, like `openssl rand -base64 32`, but readable as a demo key
                    byte[] aesKey = Base64.getDecoder().decode(decoded);
                    assertThat(aesKey).hasSize(32);
                    decoded = new String(aesKey, StandardCharsets.US_ASCII);
                } else if (decoded.startsWith("whsec_")) {
                    decoded = new String(Base64.getDecoder().decode(decoded.substring(6)), StandardCharsets.UTF_8);
                }
                if (!key.toLowerCase().contains("user")) {
                    assertThat(decoded).as("%s/%s", name(secret), key).containsAnyOf("demo", "not for production");
                }
            });
        }
    }

    @Test
    void everyReplicaReadsTheSameEncryptionKeyAndReachesBrokerAndDatabaseInNativeMode() {
        forEachOverlay((overlay, docs) -> {
            assertThat(list(hubContainer(docs), "envFrom")).as(overlay)
                    .anySatisfy(e -> assertThat(get(e, "secretRef.name")).isEqualTo("hub-secrets"));
            Map<String, String> env = hubEnvironment(docs);
            assertThat(env).as(overlay).containsEntry("SPRING_ARTEMIS_MODE", "native")
                    .containsKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
            assertThat(env.get("SPRING_DATASOURCE_URL")).as(overlay).startsWith("jdbc:postgresql://hub-db-rw:5432/hub");
            // every broker the URL names is a Service selecting the pods of one ActiveMQArtemis on the core port
            List<String> hosts = brokerUrlHosts(env.get("SPRING_ARTEMIS_BROKER_URL"));
            Set<String> brokerNames = brokers(docs).stream().map(KubernetesManifestsIT::name).collect(Collectors.toSet());
            Set<String> reached = new HashSet<>();
            for (String host : hosts) {
                assertThat(host).as(overlay).endsWith(":61616");
                Map<String, Object> service = find(docs, "Service", host.substring(0, host.indexOf(':')));
                assertThat(list(service, "spec.ports")).extracting(p -> p.get("port")).as(overlay).contains(61616);
                reached.add((String) map(get(service, "spec.selector")).get("ActiveMQArtemis"));
            }
            assertThat(reached).as("%s: the brokers the hub's URL reaches", overlay).isEqualTo(brokerNames);
        });
        assertThat(hubEnvironment(rendered.get("dev"))).containsEntry("SPRING_ARTEMIS_BROKER_URL", "tcp://hub-broker-core:61616");
        assertThat(hubEnvironment(rendered.get("prod"))).containsEntry("HUB_SANDBOX_ENABLED", "false")
                .containsKeys("HUB_DESTINATIONS_PAYROLL_URL", "HUB_DESTINATIONS_HRIS_URL", "HUB_DESTINATIONS_MESSAGING_URL");
    }

    // ---- monitoring ----

    @Test
    void prometheusRuleCarriesExactlyTheAlertRulesOfTheMonitoringFolder() throws IOException {
        Map<String, Object> ruleFile;
        try (InputStream in = Files.newInputStream(Path.of("monitoring", "prometheus", "hub-alerts.yml"))) {
            ruleFile = yaml().load(in);
        }
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> rule = find(docs, "PrometheusRule", "hr-webhook-hub");
            assertThat(rule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
            assertThat(get(rule, "spec.groups")).as("%s: k8s/base/monitoring/prometheusrule.yaml spec.groups must equal "
                    + "monitoring/prometheus/hub-alerts.yml groups", overlay).isEqualTo(ruleFile.get("groups"));
        });
    }

    @Test
    void serviceMonitorScrapesActuatorPrometheusOnTheOpsServiceWithTheOpsLogin() {
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> monitor = find(docs, "ServiceMonitor", "hr-webhook-hub");
            Map<String, Object> ops = find(docs, "Service", "hr-webhook-hub-ops");
            assertThat(map(get(ops, "metadata.labels"))).containsAllEntriesOf(map(get(monitor, "spec.selector.matchLabels")));
            Map<String, Object> selector = map(get(monitor, "spec.selector.matchLabels"));
            for (Map<String, Object> service : ofKind(docs, "Service")) {
                boolean selected = map(get(service, "metadata.labels")).entrySet().containsAll(selector.entrySet());
                assertThat(selected).as("%s: ServiceMonitor selects %s", overlay, name(service))
                        .isEqualTo(service == ops);
            }
            List<Map<String, Object>> endpoints = list(monitor, "spec.endpoints");
            assertThat(endpoints).hasSize(1);
            Map<String, Object> endpoint = endpoints.get(0);
            assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
            assertThat(list(ops, "spec.ports")).anySatisfy(p -> {
                assertThat(p.get("name")).isEqualTo("management");
                assertThat(p.get("port")).isEqualTo(8081);
            });
            assertThat(get(endpoint, "basicAuth.username.name")).isEqualTo("hub-ops-credentials");
            assertThat(get(endpoint, "basicAuth.password.name")).isEqualTo("hub-ops-credentials");
            // the HubDown alert expects job="hr-webhook-hub"
            String jobLabel = (String) get(monitor, "spec.jobLabel");
            assertThat(map(get(ops, "metadata.labels"))).containsEntry(jobLabel, "hr-webhook-hub");
        });
    }

    // ---- broker and database ----

    @Test
    void brokerCarriesTheAddressSettingsQueuesAndJournalOfBrokerXml() throws Exception {
        Element core = brokerXmlCore();
        forEachBroker((overlay, broker) -> {
            List<String> properties = brokerProperties(broker);

            Map<String, Map<String, String>> settings = new TreeMap<>();
            Map<String, Set<String>> addresses = new TreeMap<>();
            Map<String, String> coreSettings = new TreeMap<>();
            Pattern setting = Pattern.compile("addressSettings\\.\"([^\"]+)\"\\.(\\w+)=(.*)");
            Pattern queue = Pattern.compile("addressConfigurations\\.\"([^\"]+)\"\\.queueConfigs\\.\"([^\"]+)\"\\.routingType=ANYCAST");
            for (String property : properties) {
                Matcher m = setting.matcher(property);
                if (m.matches()) {
                    settings.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), m.group(3));
                    continue;
                }
                m = queue.matcher(property);
                if (m.matches()) {
                    addresses.computeIfAbsent(m.group(1), k -> new java.util.TreeSet<>()).add(m.group(2));
                    assertThat(properties).contains("addressConfigurations.\"" + m.group(1) + "\".routingTypes=ANYCAST");
                    continue;
                }
                if (!property.startsWith("address") && !property.startsWith("acceptorConfigurations.")) {
                    coreSettings.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
                }
            }
            assertThat(settings).as("%s: address settings in brokerProperties vs deploy/artemis/broker.xml", overlay)
                    .isEqualTo(xmlAddressSettings(core));
            assertThat(addresses).as("%s: queues vs broker.xml", overlay).isEqualTo(xmlAddresses(core));
            for (String element : List.of("persistence-enabled", "journal-datasync", "journal-min-files",
                    "journal-pool-files", "journal-file-size", "journal-buffer-timeout", "max-redelivery-records",
                    "id-cache-size", "persist-id-cache", "disk-scan-period", "max-disk-usage", "critical-analyzer",
                    "critical-analyzer-timeout", "critical-analyzer-check-period", "critical-analyzer-policy",
                    "global-max-messages")) {
                String property = switch (element) {
                    case "persist-id-cache" -> "persistIDCache";
                    case "journal-buffer-timeout" -> "journalBufferTimeout_NIO";
                    default -> camel(element);
                };
                assertThat(coreSettings.get(property)).as("%s: %s (broker.xml <%s>)", overlay, property, element)
                        .isEqualTo(xmlValue(childText(core, element)));
            }
        });
    }

    @Test
    void brokerKeepsAcceptedEventsOnAPersistentJournalBehindACoreAcceptor() {
        forEachOverlay((overlay, docs) -> assertThat(brokers(docs)).as(overlay).isNotEmpty());
        forEachBroker((overlay, broker) -> {
            assertThat(broker.get("apiVersion")).isEqualTo("broker.amq.io/v1beta1");
            Map<String, Object> plan = map(get(broker, "spec.deploymentPlan"));
            assertThat(plan).as(overlay).containsEntry("size", 1).containsEntry("clustered", false)
                    .containsEntry("requireLogin", true).containsEntry("journalType", "nio");
            if (Boolean.TRUE.equals(plan.get("persistenceEnabled"))) {
                // a volume of its own, made by the operator
                assertThat(get(plan, "storage.size")).as(overlay).isNotNull();
            } else {
                // the journal on a volume it mounts itself (the leader-follower pair's shared claim)
                assertThat(sharedJournalClaim(rendered.get(overlay), broker)).as("%s %s", overlay, name(broker)).isNotNull();
            }
            assertThat(list(broker, "spec.acceptors")).as(overlay).anySatisfy(acceptor -> {
                assertThat(acceptor).containsEntry("port", 61616).containsEntry("protocols", "CORE");
                assertThat(acceptor.get("expose")).isNotEqualTo(true);
            });
            // credentials come from the Secret <broker name>-credentials-secret, never from the resource itself
            assertThat(map(broker.get("spec"))).doesNotContainKeys("adminUser", "adminPassword");
            assertThat(brokerProperties(broker)).contains("persistenceEnabled=true", "journalDatasync=true",
                    "persistIDCache=true");
        });
    }

    @Test
    void developmentRunsOneBrokerAndProductionALeaderFollowerPairOnOneSharedJournal() {
        List<Map<String, Object>> dev = brokers(rendered.get("dev"));
        assertThat(dev).extracting(KubernetesManifestsIT::name).containsExactly("hub-broker");
        assertThat(brokerProperties(dev.get(0))).noneMatch(p -> p.startsWith("HAPolicyConfiguration"));

        List<Map<String, Object>> docs = rendered.get("prod");
        List<Map<String, Object>> pair = brokers(docs);
        assertThat(pair).as("prod: exactly two ActiveMQArtemis, never live brokers splitting the queues").hasSize(2);
        Map<String, Object> a = pair.get(0);
        Map<String, Object> b = pair.get(1);
        // the same configuration: the two resources differ in their names only
        assertThat(a.get("spec")).as("spec of %s vs %s", name(a), name(b)).isEqualTo(b.get("spec"));
        assertThat(brokerProperties(a)).isEqualTo(brokerProperties(b));

        Set<String> claims = new HashSet<>();
        for (Map<String, Object> broker : pair) {
            String brokerName = name(broker);
            Map<String, Object> plan = map(get(broker, "spec.deploymentPlan"));
            // one broker each, not clustered: the other is a standby, not a second live broker
            assertThat(plan).as(brokerName).containsEntry("size", 1).containsEntry("clustered", false)
                    .containsEntry("messageMigration", false).containsEntry("persistenceEnabled", false);
            List<String> properties = brokerProperties(broker);
            assertThat(properties).as(brokerName).contains("HAPolicyConfiguration=SHARED_STORE_PRIMARY")
                    .noneMatch(p -> p.startsWith("HAPolicyConfiguration=") && !p.endsWith("=SHARED_STORE_PRIMARY"));
            claims.add(sharedJournalClaim(docs, broker));

            // the waiting peer has no acceptor open: its liveness probe must not look for one
            Map<String, Object> liveness = map(plan.get("livenessProbe"));
            assertThat(liveness).as("%s livenessProbe", brokerName).containsKey("exec").doesNotContainKeys("tcpSocket", "httpGet");

            // never both on one node
            List<Map<String, Object>> antiAffinity = list(plan, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution");
            assertThat(antiAffinity).as("%s anti-affinity", brokerName).anySatisfy(term -> {
                assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
                Map<String, Object> selector = map(get(term, "labelSelector.matchLabels"));
                assertThat(selector).isNotEmpty();
                for (Map<String, Object> peer : pair) {
                    assertThat(map(get(peer, "spec.deploymentPlan.labels"))).containsAllEntriesOf(selector);
                }
            });
        }
        assertThat(claims).as("both brokers mount the same claim").hasSize(1);

        // the hub lists both brokers and fails over between them
        String url = hubEnvironment(docs).get("SPRING_ARTEMIS_BROKER_URL");
        assertThat(brokerUrlHosts(url)).hasSize(2);
        Map<String, String> query = new HashMap<>();
        for (String parameter : url.substring(url.indexOf(")?") + 2).split("[&;]")) {
            query.put(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        }
        assertThat(query).containsEntry("ha", "true").containsEntry("useTopologyForLoadBalancing", "false");
        assertThat(Integer.parseInt(query.get("failoverAttempts"))).isNotZero();
        assertThat(Integer.parseInt(query.get("reconnectAttempts"))).isNotZero();

        // the broker NetworkPolicy covers both
        Map<String, Object> policy = find(docs, "NetworkPolicy", "hub-broker");
        for (Map<String, Object> broker : pair) {
            assertThat(map(get(broker, "spec.deploymentPlan.labels"))).as(name(broker))
                    .containsAllEntriesOf(map(get(policy, "spec.podSelector.matchLabels")));
        }
    }

    @Test
    void databaseRunsThreeInstancesInProductionWithTheOwnerFromASecret() {
        Map<String, Object> prod = find(rendered.get("prod"), "Cluster", "hub-db");
        assertThat(prod.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(get(prod, "spec.instances")).isEqualTo(3);
        assertThat((Integer) get(prod, "spec.minSyncReplicas")).isGreaterThanOrEqualTo(1);
        assertThat(get(prod, "spec.affinity.podAntiAffinityType")).isEqualTo("required");
        assertThat((Integer) get(find(rendered.get("dev"), "Cluster", "hub-db"), "spec.instances")).isBetween(1, 2);
        forEachOverlay((overlay, docs) -> {
            Map<String, Object> db = find(docs, "Cluster", "hub-db");
            assertThat(get(db, "spec.bootstrap.initdb.database")).isEqualTo("hub");
            assertThat(get(db, "spec.bootstrap.initdb.owner")).isEqualTo("hub");
            assertThat(get(db, "spec.bootstrap.initdb.secret.name")).isEqualTo("hub-db-credentials");
            assertThat(get(db, "spec.storage.size")).as(overlay).isNotNull();
        });
        Map<String, Object> devSecret = find(rendered.get("dev"), "Secret", "hub-db-credentials");
        assertThat(devSecret.get("type")).isEqualTo("kubernetes.io/basic-auth");
        assertThat(decode((String) get(devSecret, "data.username"))).isEqualTo("hub");
    }

    // ---- helpers: rendering, tools ----

    private record Result(int exitCode, String output) {}

    private static Result run(int timeoutSeconds, java.io.File directory, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) builder.directory(directory);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " could not be started: " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        // read while it runs, so a full pipe never blocks the process
        java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %d s", String.join(" ", command), timeoutSeconds);
        }
        return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    private static void requireTool(String tool, String install) throws Exception {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            fail("%s is not on the PATH. Install %s; .ci/run does.", tool, install);
        }
    }

    private static void requireKubectlWithKustomize5() throws Exception {
        String install = "kubectl 1.27 or newer, which embeds kustomize v5 (Debian's kubernetes-client package is "
                + "too old)";
        requireTool("kubectl", install);
        Result version = run(30, null, "kubectl", "version", "--client", "-o", "json");
        Matcher kustomize = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v(\\d+)").matcher(version.output);
        if (version.exitCode != 0 || !kustomize.find() || Integer.parseInt(kustomize.group(1)) < 5) {
            fail("kubectl on the PATH has no kustomize v5 (%s). Install %s.", version.output.strip(), install);
        }
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parseAll(String multiDocument) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(multiDocument)) {
            if (document != null) documents.add((Map<String, Object>) document);
        }
        return documents;
    }

    private interface OverlayCheck {
        void check(String overlay, List<Map<String, Object>> documents) throws Exception;
    }

    private static void forEachOverlay(OverlayCheck check) {
        rendered.forEach((overlay, documents) -> {
            try {
                check.check(overlay, documents);
            } catch (Exception e) {
                throw new AssertionError(overlay + ": " + e, e);
            }
        });
    }

    // ---- helpers: navigating rendered resources ----

    private static String name(Map<String, Object> resource) {
        return (String) get(resource, "metadata.name");
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(d -> name.equals(name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    /** The value at a dotted path of nested maps, or null. */
    private static Object get(Object root, String path) {
        Object value = root;
        for (String key : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> m)) return null;
            value = m.get(key);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object root, String path) {
        Object value = get(root, path);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> podSpec(List<Map<String, Object>> documents) {
        return map(get(find(documents, "Deployment", "hr-webhook-hub"), "spec.template.spec"));
    }

    private static Map<String, Object> hubContainer(List<Map<String, Object>> documents) {
        return list(podSpec(documents), "containers").stream().filter(c -> "hub".equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container named hub"));
    }

    /** The plain environment of the hub container: its env-from ConfigMaps merged with literal env values. */
    private static Map<String, String> hubEnvironment(List<Map<String, Object>> documents) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> from : list(hubContainer(documents), "envFrom")) {
            Object configMap = get(from, "configMapRef.name");
            if (configMap != null) {
                map(find(documents, "ConfigMap", (String) configMap).get("data")).forEach((k, v) -> env.put(k, (String) v));
            }
        }
        for (Map<String, Object> e : list(hubContainer(documents), "env")) {
            if (e.get("value") != null) env.put((String) e.get("name"), String.valueOf(e.get("value")));
        }
        return env;
    }

    private static List<Map<String, Object>> brokers(List<Map<String, Object>> documents) {
        return ofKind(documents, "ActiveMQArtemis");
    }

    @SuppressWarnings("unchecked")
    private static List<String> brokerProperties(Map<String, Object> broker) {
        return (List<String>) get(broker, "spec.brokerProperties");
    }

    private interface BrokerCheck {
        void check(String overlay, Map<String, Object> broker) throws Exception;
    }

    /** Runs the check on every ActiveMQArtemis of both overlays. */
    private static void forEachBroker(BrokerCheck check) {
        forEachOverlay((overlay, documents) -> {
            for (Map<String, Object> broker : brokers(documents)) {
                try {
                    check.check(overlay, broker);
                } catch (AssertionError e) {
                    throw new AssertionError(name(broker) + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /** The host:port entries of an Artemis core URL: tcp://h:p or (tcp://h1:p1,tcp://h2:p2)?params. */
    private static List<String> brokerUrlHosts(String url) {
        assertThat(url).as("SPRING_ARTEMIS_BROKER_URL").isNotBlank();
        String connectors = url.startsWith("(") ? url.substring(1, url.indexOf(')')) : url.split("\\?")[0];
        List<String> hosts = new ArrayList<>();
        for (String connector : connectors.split(",")) {
            assertThat(connector).startsWith("tcp://");
            hosts.add(connector.substring("tcp://".length()));
        }
        return hosts;
    }

    /**
     * The ReadWriteMany claim a broker keeps its whole store on: mounted through extraVolumes/extraVolumeMounts, with
     * the journal, bindings, paging and large-message directories under the mount path.
     */
    @SuppressWarnings("unchecked")
    private static String sharedJournalClaim(List<Map<String, Object>> documents, Map<String, Object> broker) {
        Map<String, Object> plan = map(get(broker, "spec.deploymentPlan"));
        Map<String, String> claimOfVolume = new HashMap<>();
        for (Map<String, Object> volume : list(plan, "extraVolumes")) {
            Object claim = get(volume, "persistentVolumeClaim.claimName");
            if (claim != null) claimOfVolume.put((String) volume.get("name"), (String) claim);
        }
        Map<String, String> properties = new HashMap<>();
        for (String property : brokerProperties(broker)) {
            properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
        }
        for (Map<String, Object> mount : list(plan, "extraVolumeMounts")) {
            String claim = claimOfVolume.get((String) mount.get("name"));
            String mountPath = (String) mount.get("mountPath");
            if (claim == null) continue;
            for (String directory : List.of("journalDirectory", "bindingsDirectory", "pagingDirectory", "largeMessagesDirectory")) {
                assertThat(properties.get(directory)).as("%s %s", name(broker), directory).startsWith(mountPath + "/");
            }
            Map<String, Object> pvc = find(documents, "PersistentVolumeClaim", claim);
            assertThat((List<Object>) get(pvc, "spec.accessModes")).as("claim %s", claim).containsExactly("ReadWriteMany");
            return claim;
        }
        return null;
    }

    private static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    // ---- helpers: the routes/ tree ----

    /** Every file under the directory by its relative path ("mappings/sources/lever/candidate.hired.jsonata"). */
    private static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                String relative = directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                // strict UTF-8 (a ConfigMap's data holds text): equal strings are equal bytes
                files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** A rendered ConfigMap's keys with their contents, text and binary alike. */
    private static Map<String, String> configMapData(Map<String, Object> configMap) {
        Map<String, String> data = new TreeMap<>();
        map(configMap.get("data")).forEach((key, value) -> data.put(key, (String) value));
        map(configMap.get("binaryData")).forEach((key, value) -> data.put(key, decode((String) value)));
        return data;
    }

    /** "2m", "1Mi", "1048576", "10M" as bytes (nginx and Artemis sizes are binary). */
    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)i?[bB]?").matcher(size.strip());
        assertThat(m.matches()).as("size %s", size).isTrue();
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> value * 1024;
            case "m" -> value * 1024 * 1024;
            case "g" -> value * 1024 * 1024 * 1024;
            default -> value;
        };
    }

    // ---- helpers: deploy/artemis/broker.xml ----

    private static Element brokerXmlCore() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document xml = factory.newDocumentBuilder().parse(Path.of("deploy", "artemis", "broker.xml").toFile());
        return (Element) xml.getElementsByTagNameNS("*", "core").item(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && (name == null || name.equals(e.getLocalName()))) found.add(e);
        }
        return found;
    }

    private static String childText(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("broker.xml <%s>", name).hasSize(1);
        return found.get(0).getTextContent().strip();
    }

    /** broker.xml writes some values as ${property:default} and sizes as 10M: the value the broker ends up with. */
    private static String xmlValue(String text) {
        Matcher placeholder = Pattern.compile("\\$\\{[^:}]+:([^}]*)}").matcher(text);
        String value = placeholder.matches() ? placeholder.group(1) : text;
        return value.matches("\\d+[KMG]") ? String.valueOf(bytes(value)) : value;
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Map<String, Map<String, String>> xmlAddressSettings(Element core) {
        Map<String, Map<String, String>> settings = new TreeMap<>();
        for (Element setting : children(children(core, "address-settings").get(0), "address-setting")) {
            Map<String, String> values = new TreeMap<>();
            for (Element element : children(setting, null)) {
                // the broker-properties names of the two elements whose names differ from their XML names
                String property = switch (element.getLocalName()) {
                    case "address-full-policy" -> "addressFullMessagePolicy";
                    case "redelivery-delay-multiplier" -> "redeliveryMultiplier";
                    default -> camel(element.getLocalName());
                };
                values.put(property, xmlValue(element.getTextContent().strip()));
            }
            settings.put(setting.getAttribute("match"), values);
        }
        return settings;
    }

    private static Map<String, Set<String>> xmlAddresses(Element core) {
        Map<String, Set<String>> addresses = new TreeMap<>();
        for (Element address : children(children(core, "addresses").get(0), "address")) {
            Set<String> queues = new java.util.TreeSet<>();
            for (Element anycast : children(address, "anycast")) {
                children(anycast, "queue").forEach(q -> queues.add(q.getAttribute("name")));
            }
            assertThat(children(address, "multicast")).as("broker.xml address %s", address.getAttribute("name")).isEmpty();
            addresses.put(address.getAttribute("name"), queues);
        }
        return addresses;
    }
}
