package io.github.hrwebhookhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The container image definition, read the way Docker reads it (continuation lines joined, comments dropped,
 * .dockerignore applied), so it is checked where no Docker engine runs: a Maven build stage, a non-root JRE
 * runtime with the hub's ports, directories and health check, Spring Boot's layers in cache-friendly order, and a
 * build context that holds every file the build copies.
 */
class DockerfileTest {

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    /** Spring Boot's layers, least to most often changed. */
    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    private static List<Stage> stages;
    private static Stage build;
    private static Stage runtime;
    private static BuildContext context;
    private static Document pom;

    @BeforeAll
    static void readImageDefinition() throws Exception {
        stages = Stage.parse(Instruction.parse(Files.readAllLines(Path.of("Dockerfile"))));
        assertThat(stages).as("FROM instructions in the Dockerfile").isNotEmpty();
        build = stages.get(0);
        runtime = stages.get(stages.size() - 1);
        context = BuildContext.read(Path.of(".dockerignore"));
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    @Test
    void buildsWithMavenAndRunsOnASeparateImage() {
        assertThat(stages).as("stages").hasSizeGreaterThanOrEqualTo(2);
        assertThat(build.image()).startsWith("maven:3.9-eclipse-temurin-17");
        assertThat(build.name()).as("build stage name").isNotNull();
        assertThat(stages).extracting(Stage::name).as("the runtime does not extend another stage")
                .doesNotContain(runtime.image());
    }

    @Test
    void runtimeIsAJre17ImageWithAPinnedTag() {
        // the full update and build number (17.0.20_8), not a tag that moves under you such as 17-jre or latest
        assertThat(runtime.image())
                .matches("eclipse-temurin:17\\.0\\.\\d+_\\d+-jre(-[a-z0-9.]+)?(@sha256:[0-9a-f]{64})?");
    }

    @Test
    void runsAsNonRootUser() {
        Instruction user = runtime.last("USER");
        assertThat(user.args()).as("USER is numeric, so Kubernetes runAsNonRoot can check it").matches("\\d+(:\\d+)?");
        assertThat(uid()).as("uid").isNotEqualTo("0");
        assertThat(runtime.all("RUN")).as("root-only steps (RUN) come before the switch to the hub's user")
                .allSatisfy(run -> assertThat(run.line()).isLessThan(user.line()));
        assertThat(runtime.all("COPY")).as("the app's files stay root's: the hub cannot change its own code")
                .allSatisfy(copy -> assertThat(copy.flags()).doesNotContainKey("chown"));
    }

    @Test
    void dataDirectoryIsAWritableVolumeOwnedByTheHub() {
        String dataDir = runtime.env().get("HUB_DATA_DIR");
        assertThat(dataDir).isEqualTo("/data");
        assertThat(runtime.all("VOLUME")).flatExtracting(Instruction::listArgs).contains(dataDir);
        Pattern ownedByHub = Pattern.compile("(chown\\s+(-\\S+\\s+)*" + uid() + "\\b|-o\\s+" + uid() + "\\b)");
        assertThat(runtime.all("RUN").stream().flatMap(run -> Stream.of(run.args().split("&&|;")))
                .filter(step -> words(step).contains(dataDir)))
                .as("a RUN step giving %s to uid %s", dataDir, uid())
                .anyMatch(step -> ownedByHub.matcher(step).find());
    }

    @Test
    void exposesWebhookAndManagementPorts() {
        assertThat(runtime.all("EXPOSE")).flatExtracting(expose -> words(expose.args()))
                .map(port -> port.replace("/tcp", "")).contains("8080", "8081");
        assertThat(runtime.env()).containsEntry("MANAGEMENT_SERVER_PORT", "8081");
    }

    @Test
    void entrypointIsExecFormStartingSpringBootsLauncher() {
        Instruction entrypoint = runtime.last("ENTRYPOINT");
        List<String> command = entrypoint.execForm().orElseThrow(() -> new AssertionError(
                "ENTRYPOINT must be a JSON array, so the JVM is PID 1 and gets SIGTERM: " + entrypoint.args()));
        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command).as("launcher last, so arguments to `docker run` reach the app").endsWith(LAUNCHER);
        int classpath = command.indexOf("-cp");
        assertThat(classpath).as("-cp with the directory the layers are copied to").isPositive();
        assertThat(command.get(classpath + 1)).isEqualTo(layerDestination());
    }

    @Test
    void healthCheckProbesLivenessOnTheManagementPort() {
        Instruction healthCheck = runtime.last("HEALTHCHECK");
        assertThat(healthCheck.body()).startsWith("CMD ").contains("/actuator/health/liveness")
                .containsPattern("localhost:(8081|\\$\\{MANAGEMENT_SERVER_PORT:-8081})/");
        assertThat(healthCheck.flags()).as("a slow first start is not reported unhealthy")
                .containsKeys("interval", "timeout", "start-period");
    }

    @Test
    void routesAreCopiedWhereHubRoutesDirPoints() {
        String routesDir = runtime.env().get("HUB_ROUTES_DIR");
        assertThat(routesDir).as("HUB_ROUTES_DIR").startsWith("/");
        assertThat(runtime.all("COPY")).filteredOn(copy -> !copy.flags().containsKey("from"))
                .as("COPY routes/ to %s", routesDir)
                .anySatisfy(copy -> {
                    assertThat(copy.copySources()).containsAnyOf("routes", "routes/");
                    assertThat(runtime.resolve(copy.copyDestination(), copy)).isEqualTo(routesDir);
                });
    }

    @Test
    void readsExtraConfigurationFromAMountedDirectory() {
        assertThat(runtime.env().get("SPRING_CONFIG_ADDITIONAL_LOCATION")).as("optional, so no mount is needed")
                .isEqualTo("optional:file:/config/");
    }

    @Test
    void jvmIsSizedForTheContainer() {
        String options = runtime.env().getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + runtime.last("ENTRYPOINT").args();
        assertThat(options).containsPattern("-XX:MaxRAMPercentage=\\d+").contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void layersAreCopiedFromLeastToMostOftenChanged() {
        List<String> copied = layerCopies().stream().map(DockerfileTest::layerName).toList();
        assertThat(copied).containsExactlyElementsOf(LAYERS);
        assertThat(layerCopies()).extracting(copy -> runtime.resolve(copy.copyDestination(), copy))
                .as("one directory: the launcher's classpath").containsOnly(layerDestination());
    }

    @Test
    void buildStageExtractsTheLayersTheRuntimeCopies() throws Exception {
        Instruction extract = build.all("RUN").stream().filter(run -> run.args().contains("-Djarmode=tools"))
                .findFirst().orElseThrow(() -> new AssertionError("no RUN java -Djarmode=tools ... extract"));
        String jar = "target/" + xpath("/project/build/finalName") + ".jar";
        Matcher command = Pattern.compile("-jar (\\S+) extract --layers --launcher --destination (\\S+)")
                .matcher(extract.args().replaceAll("\\s+", " "));
        assertThat(command.find()).as("extract --layers --launcher --destination DIR in: %s", extract.args()).isTrue();
        assertThat(command.group(1)).isEqualTo(jar);
        String extracted = build.resolve(command.group(2), extract);
        assertThat(layerCopies()).allSatisfy(copy -> {
            assertThat(copy.flags()).containsEntry("from", build.name());
            assertThat(trimSlash(copy.copySources().get(0))).isEqualTo(extracted + "/" + layerName(copy));
        });
    }

    @Test
    void dependenciesAreResolvedBeforeSourcesAreCopied() {
        List<Instruction> steps = build.instructions();
        int copyPom = indexOf(steps, "COPY", "pom.xml");
        int resolve = indexOf(steps, "RUN", "mvn ");
        int copySources = indexOf(steps, "COPY", "src");
        int packageJar = indexOf(steps, "RUN", " package");
        assertThat(List.of(copyPom, resolve, copySources, packageJar)).as("COPY pom.xml, RUN mvn (dependencies), "
                + "COPY src, RUN mvn package").doesNotContain(-1).isSorted();
        assertThat(steps.get(resolve).args()).doesNotContain(" package");
    }

    @Test
    void everyCopiedSourceIsInTheBuildContext() throws IOException {
        List<Instruction> fromContext = stages.stream().flatMap(stage -> stage.instructions().stream())
                .filter(step -> step.keyword().equals("COPY") || step.keyword().equals("ADD"))
                .filter(step -> !step.flags().containsKey("from")).toList();
        assertThat(fromContext).isNotEmpty();
        for (Instruction copy : fromContext) {
            for (String source : copy.copySources()) {
                Path path = Path.of(source);
                assertThat(path).as("line %d: COPY source %s", copy.line(), source).exists();
                try (Stream<Path> files = Files.walk(path)) {
                    assertThat(files.filter(Files::isRegularFile).map(file -> file.toString().replace('\\', '/')))
                            .as("line %d: files of %s left out by .dockerignore", copy.line(), source)
                            .isNotEmpty().allMatch(context::includes);
                }
            }
        }
    }

    @Test
    void buildContextLeavesOutBuildOutputAndLocalState() {
        assertThat(List.of("target/hr-webhook-hub.jar", "target/classes/application.yaml", "data/db/hub.mv.db",
                "data/keys/storage.key", ".git/config", "node_modules/some/index.js", ".idea/workspace.xml",
                "hr-webhook-hub.iml", ".vscode/settings.json", ".env"))
                .noneMatch(context::includes);
        assertThat(List.of("pom.xml", "src/main/resources/application.yaml", "routes/intake.camel.yaml"))
                .allMatch(context::includes);
    }

    @Test
    void labelsNameThePomVersionAndTheBaseImage() throws Exception {
        Map<String, String> labels = runtime.labels();
        assertThat(labels).containsKeys("org.opencontainers.image.title", "org.opencontainers.image.description",
                "org.opencontainers.image.revision").containsEntry("org.opencontainers.image.version", "${VERSION}");
        assertThat(runtime.all("ARG")).extracting(Instruction::args).as("ARG VERSION defaults to the pom's version")
                .contains("VERSION=" + xpath("/project/version"));
        assertThat(labels.get("org.opencontainers.image.base.name")).endsWith("/" + runtime.image());
    }

    @Test
    void bakesNoSecretsIntoTheImage() {
        Pattern secretName = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|ENCRYPTION_?KEY|CREDENTIAL).*");
        List<String> names = new ArrayList<>(runtime.env().keySet());
        stages.forEach(stage -> stage.all("ARG").forEach(arg -> names.add(arg.args().split("=", 2)[0])));
        assertThat(names).noneMatch(name -> secretName.matcher(name).matches());
    }

    // ---- helpers ----

    private static String uid() {
        return runtime.last("USER").args().split(":")[0];
    }

    private static List<Instruction> layerCopies() {
        return runtime.all("COPY").stream().filter(copy -> copy.flags().containsKey("from"))
                .filter(copy -> LAYERS.contains(layerName(copy))).toList();
    }

    private static String layerName(Instruction copy) {
        String source = trimSlash(copy.copySources().get(0));
        return source.substring(source.lastIndexOf('/') + 1);
    }

    private static String layerDestination() {
        List<Instruction> copies = layerCopies();
        assertThat(copies).as("COPY --from=%s of the layers %s", build.name(), LAYERS).isNotEmpty();
        return runtime.resolve(copies.get(0).copyDestination(), copies.get(0));
    }

    private static int indexOf(List<Instruction> steps, String keyword, String text) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).keyword().equals(keyword) && steps.get(i).args().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static String xpath(String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, pom).strip();
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** Splits like a shell: whitespace separates words, quotes group them, a backslash escapes one character. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** One instruction as Docker sees it: continuation lines joined, comment lines dropped. */
    record Instruction(int line, String keyword, String args) {

        private static final ObjectMapper JSON = new ObjectMapper();

        static List<Instruction> parse(List<String> lines) {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = null;
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                // comments (and parser directives) are dropped even inside a continued instruction
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (pending == null) {
                    pending = new StringBuilder();
                    start = i + 1;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                String[] parts = pending.toString().strip().split("\\s+", 2);
                instructions.add(new Instruction(start, parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
                pending = null;
            }
            assertThat(pending).as("the Dockerfile ends inside a continued instruction").isNull();
            return instructions;
        }

        /** Leading --name=value options, as in COPY --from=build or HEALTHCHECK --interval=30s. */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String word : words(args)) {
                if (!word.startsWith("--")) {
                    break;
                }
                String[] pair = word.substring(2).split("=", 2);
                flags.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            return flags;
        }

        /** The arguments after the leading options. */
        String body() {
            String rest = args;
            while (rest.startsWith("--")) {
                String[] parts = rest.split("\\s+", 2);
                rest = parts.length > 1 ? parts[1] : "";
            }
            return rest;
        }

        Optional<List<String>> execForm() {
            if (!body().startsWith("[")) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(body(), new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException notJson) {
                return Optional.empty();
            }
        }

        /** The arguments as a list: JSON array form or whitespace-separated. */
        List<String> listArgs() {
            return execForm().orElseGet(() -> words(body()));
        }

        List<String> copySources() {
            List<String> paths = listArgs();
            return paths.subList(0, paths.size() - 1);
        }

        String copyDestination() {
            List<String> paths = listArgs();
            return paths.get(paths.size() - 1);
        }
    }

    /** A build stage: FROM image [AS name] and the instructions up to the next FROM. */
    record Stage(String image, String name, List<Instruction> instructions) {

        static List<Stage> parse(List<Instruction> instructions) {
            List<Stage> stages = new ArrayList<>();
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("FROM")) {
                    List<String> from = words(instruction.body());
                    String name = from.size() == 3 && from.get(1).equalsIgnoreCase("AS") ? from.get(2) : null;
                    stages.add(new Stage(from.get(0), name, new ArrayList<>()));
                } else if (!stages.isEmpty()) {
                    stages.get(stages.size() - 1).instructions().add(instruction);
                }
            }
            return stages;
        }

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            assertThat(found).as("%s in the stage FROM %s", keyword, image).isNotEmpty();
            return found.get(found.size() - 1);
        }

        Map<String, String> env() {
            return pairs("ENV");
        }

        Map<String, String> labels() {
            return pairs("LABEL");
        }

        /** KEY=value pairs of ENV or LABEL, later ones winning; also the old "ENV KEY value" form. */
        private Map<String, String> pairs(String keyword) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (Instruction instruction : all(keyword)) {
                List<String> words = words(instruction.args());
                if (!words.get(0).contains("=")) {
                    pairs.put(words.get(0), instruction.args().substring(words.get(0).length()).strip());
                    continue;
                }
                for (String word : words) {
                    String[] pair = word.split("=", 2);
                    pairs.put(pair[0], pair.length > 1 ? pair[1] : "");
                }
            }
            return pairs;
        }

        /** An absolute path for a path written in the instruction, against the WORKDIR in force there. */
        String resolve(String path, Instruction at) {
            Path workdir = Path.of("/");
            for (Instruction instruction : all("WORKDIR")) {
                if (instruction.line() < at.line()) {
                    workdir = workdir.resolve(instruction.args());
                }
            }
            return workdir.resolve(path).normalize().toString();
        }
    }

    /** .dockerignore as Docker applies it: the last pattern matching a path or one of its parents decides. */
    static final class BuildContext {

        private record Rule(Pattern pattern, boolean include) {
        }

        private final List<Rule> rules = new ArrayList<>();

        static BuildContext read(Path dockerignore) throws IOException {
            BuildContext context = new BuildContext();
            for (String line : Files.readAllLines(dockerignore)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#")) {
                    continue;
                }
                boolean include = pattern.startsWith("!");
                pattern = pattern.substring(include ? 1 : 0).strip().replaceAll("^(\\./|/)+", "");
                pattern = pattern.replaceAll("/+$", "");
                context.rules.add(new Rule(Pattern.compile(toRegex(pattern)), include));
            }
            return context;
        }

        boolean includes(String path) {
            boolean included = true;
            for (Rule rule : rules) {
                if (matchesOrParentMatches(rule.pattern(), path)) {
                    included = rule.include();
                }
            }
            return included;
        }

        private static boolean matchesOrParentMatches(Pattern pattern, String path) {
            if (pattern.matcher(path).matches()) {
                return true;
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (pattern.matcher(path.substring(0, slash)).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** Go filepath.Match syntax plus Docker's "**" (any number of directories). */
        private static String toRegex(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (glob.startsWith("**/", i)) {
                    regex.append("(.*/)?");
                    i += 2;
                } else if (glob.startsWith("**", i)) {
                    regex.append(".*");
                    i++;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else if (c == '\\' && i + 1 < glob.length()) {
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }
}
