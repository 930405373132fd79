package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone ActiveMQ Artemis broker as its own process: an instance made with Artemis' own distribution
 * (unpacked by the build under target/, at the version Spring Boot manages) and configured with the hub's shipped
 * broker configuration, deploy/artemis/broker.xml. It can be killed and started again on the same journal.
 */
public final class StandaloneBroker implements AutoCloseable {

    public static final String USER = "hub";
    public static final String PASSWORD = "test-broker-password";

    private final Path instance;
    private final Path log;
    private final int port;
    private Process process;

    private StandaloneBroker(Path instance, Path log, int port) {
        this.instance = instance;
        this.log = log;
        this.port = port;
    }

    /** Creates a broker instance in the given directory (its journal lives there too). */
    public static StandaloneBroker create(Path instance) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("hub.test.artemis-home", "target/artemis-dist/apache-artemis"));
        if (!Files.isRegularFile(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("no Artemis distribution at " + home.toAbsolutePath() + ": run the tests with Maven "
                    + "(its generate-test-resources phase unpacks org.apache.activemq:apache-artemis:bin)");
        }
        Files.createDirectories(instance.getParent());
        Path log = instance.resolveSibling(instance.getFileName() + ".log");
        Process create = new ProcessBuilder("bash", home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--user", USER, "--password", PASSWORD, "--role", "amq", "--require-login", "--no-web", "--silent",
                "--no-autotune", "--nio", "--force")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IllegalStateException("artemis create failed; see " + log);
        }
        Files.copy(Path.of("deploy/artemis/broker.xml"), instance.resolve("etc/broker.xml"), StandardCopyOption.REPLACE_EXISTING);
        return new StandaloneBroker(instance, log, freePort());
    }

    /**
     * Makes the broker accept only TLS connections, with the given PKCS#12 key store: broker.xml's acceptor as shipped,
     * plus the TLS parameters an operator would add.
     */
    public StandaloneBroker withTls(Path keyStore, String password) throws IOException {
        Path config = instance.resolve("etc/broker.xml");
        String xml = Files.readString(config);
        String tls = ";sslEnabled=true;keyStorePath=" + keyStore.toAbsolutePath() + ";keyStorePassword=" + password
                + ";keyStoreType=PKCS12</acceptor>";
        int end = xml.indexOf("</acceptor>");
        Files.writeString(config, xml.substring(0, end) + tls + xml.substring(end + "</acceptor>".length()));
        return this;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker process and waits until it accepts connections. */
    public StandaloneBroker start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // a small broker for a test machine; the port and host reach broker.xml's ${...} placeholders
        builder.environment().put("JAVA_ARGS", String.join(" ", List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dlog4j2.disableJmx=true", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED")));
        builder.environment().put("JAVA_ARGS_APPEND", "-Dhub.broker.host=127.0.0.1 -Dhub.broker.port=" + port);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("broker did not open port " + port + "; see " + log);
    }

    /** SIGKILL: the broker dies without any shutdown; what it acknowledged is in its journal. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (isRunning()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
