package io.github.hrwebhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener container of the routing and delivery routes against a real embedded Artemis broker: messages that
 * are waiting share one commit, a lone message is committed at once, and a message that fails rolls back its batch
 * without taking the others down with it: each of them still leaves exactly once, and only the failing one ends in
 * the dead-letter queue.
 */
class BatchedCommitsTest {

    private static final int SERVER_ID = 41;
    private EmbeddedActiveMQ broker;
    private final AtomicInteger commits = new AtomicInteger();
    private ConnectionFactory countingCommits;
    private CamelContext camel;

    @BeforeEach
    void startBroker() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("in-vm", "vm://" + SERVER_ID);
        for (String queue : List.of("in", "out", "dlq")) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST));
        }
        config.addAddressSetting("in", new AddressSettings().setDeadLetterAddress(SimpleString.of("dlq")).setMaxDeliveryAttempts(3)
                .setRedeliveryDelay(0));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://" + SERVER_ID);
        countingCommits = countCommits(artemis);
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        broker.stop();
    }

    /** The connection factory, with every Session.commit() counted. */
    private ConnectionFactory countCommits(ConnectionFactory target) {
        return proxy(ConnectionFactory.class, target, (method, result) -> result instanceof Connection connection
                ? proxy(Connection.class, connection, (m, r) -> r instanceof Session session
                        ? proxy(Session.class, session, (sm, sr) -> {
                            if (sm.getName().equals("commit")) {
                                commits.incrementAndGet();
                            }
                            return sr;
                        })
                        : r)
                : result);
    }

    private interface After {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** in -> out through a transacted consumer on the batched container, like the routing route. */
    private void startRoute(int batchSize, String poison, Map<String, AtomicInteger> processed) throws Exception {
        startRoute(batchSize, poison, processed, null);
    }

    /** The same, each message enlisting {@code participant} in its consumer's transaction. */
    private void startRoute(int batchSize, String poison, Map<String, AtomicInteger> processed, BatchedCommits.Participant participant)
            throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("batchedCommits", new BatchedCommits(batchSize, Duration.ofMillis(200)));
        camel.addComponent("jms", JmsComponent.jmsComponent(countingCommits));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("jms:queue:in?transacted=true&lazyCreateTransactionManager=false&exposeListenerSession=true"
                        + "&cacheLevelName=CACHE_CONSUMER&consumerType=Custom&messageListenerContainerFactory=#batchedCommits"
                        + "&concurrentConsumers=1")
                        .process(exchange -> {
                            String body = exchange.getIn().getBody(String.class);
                            processed.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                            if (participant != null) {
                                assertThat(BatchedCommits.enlist(participant)).isTrue();
                            }
                            if (body.equals(poison)) {
                                throw new IllegalStateException("poison");
                            }
                        })
                        .to("jms:queue:out");
            }
        });
        camel.start();
    }

    private void send(String queue, List<String> bodies) {
        try (JMSContext context = new ActiveMQConnectionFactory("vm://" + SERVER_ID).createContext()) {
            bodies.forEach(body -> context.createProducer().send(context.createQueue(queue), body));
        }
    }

    private List<String> drain(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (JMSContext context = new ActiveMQConnectionFactory("vm://" + SERVER_ID).createContext()) {
            var consumer = context.createConsumer(context.createQueue(queue));
            for (String body = consumer.receiveBody(String.class, 500); body != null; body = consumer.receiveBody(String.class, 500)) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    private long count(String queue) throws Exception {
        return broker.getActiveMQServer().locateQueue(queue).getMessageCount();
    }

    private static List<String> events(int n) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add("event-" + i);
        }
        return bodies;
    }

    @Test
    void waitingMessagesShareOneCommit() throws Exception {
        send("in", events(160));
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        startRoute(16, null, processed);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("out") == 160 && count("in") == 0);

        assertThat(drain("out")).containsExactlyInAnyOrderElementsOf(events(160));
        // 160 messages in batches of up to 16: ten commits plus those of the idle receives and the route's start
        assertThat(commits.get()).isBetween(10, 40);
    }

    @Test
    void batchSizeOneCommitsEveryMessage() throws Exception {
        send("in", events(60));
        startRoute(1, null, new ConcurrentHashMap<>());

        await().atMost(Duration.ofSeconds(20)).until(() -> count("out") == 60 && count("in") == 0);

        assertThat(commits.get()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void loneMessageIsCommittedAtOnce() throws Exception {
        startRoute(16, null, new ConcurrentHashMap<>());
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRouteController().getRouteStatus(camel.getRoutes().get(0).getId()).isStarted());
        Thread.sleep(300);

        long sent = System.nanoTime();
        send("in", List.of("alone"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> count("out") == 1);

        // well before the consumer's one-second receive timeout: the batch was committed when nothing else was waiting
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void failingMessageRollsBackItsBatchButEveryOtherMessageLeavesExactlyOnce() throws Exception {
        send("in", events(40));
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        startRoute(16, "event-7", processed);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("in") == 0 && count("dlq") == 1 && count("out") == 39);

        List<String> expected = new ArrayList<>(events(40));
        expected.remove("event-7");
        assertThat(drain("out")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(drain("dlq")).containsExactly("event-7");
        assertThat(processed.get("event-7").get()).isEqualTo(3);
        // the batch the failure rolled back was processed twice, no message more than that
        assertThat(processed.values()).allSatisfy(times -> assertThat(times.get()).isBetween(1, 3));
        assertThat(processed.entrySet().stream().filter(e -> !e.getKey().equals("event-7")).mapToInt(e -> e.getValue().get()).max())
                .hasValue(2);
    }

    /** Records each call: whether it came before a commit, and how many messages were on "out" at that moment. */
    private final class RecordingParticipant implements BatchedCommits.Participant {
        final List<Boolean> calls = new ArrayList<>();
        final List<Long> outAtCall = new ArrayList<>();
        final AtomicInteger failuresToGo = new AtomicInteger();

        @Override
        public void beforeCompletion(boolean committing) {
            calls.add(committing);
            try {
                outAtCall.add(count("out"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (committing && failuresToGo.getAndDecrement() > 0) {
                throw new IllegalStateException("database down");
            }
        }
    }

    @Test
    void enlistedWorkRunsOnceForEachBatchJustBeforeItsCommit() throws Exception {
        send("in", events(160));
        RecordingParticipant participant = new RecordingParticipant();
        startRoute(16, null, new ConcurrentHashMap<>(), participant);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("out") == 160 && count("in") == 0);

        // once per transaction, not once per message, and always before a commit
        assertThat(participant.calls).hasSizeBetween(10, 40).containsOnly(true);
        // at each call the batch's own sends were not yet visible: what was on "out" only ever grew between calls
        assertThat(participant.outAtCall.get(0)).isZero();
        assertThat(participant.outAtCall).isSorted();
        assertThat(participant.outAtCall.get(participant.outAtCall.size() - 1)).isLessThan(160);
    }

    @Test
    void enlistedWorkThatFailsTurnsTheCommitIntoARollbackAndTheMessagesAreDeliveredAgain() throws Exception {
        send("in", events(40));
        RecordingParticipant participant = new RecordingParticipant();
        participant.failuresToGo.set(1);
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        startRoute(16, null, processed, participant);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("out") == 40 && count("in") == 0);

        // the failed batch's sends were rolled back: each message reached "out" exactly once, none was dead-lettered
        assertThat(drain("out")).containsExactlyInAnyOrderElementsOf(events(40));
        assertThat(count("dlq")).isZero();
        assertThat(processed.values().stream().mapToInt(AtomicInteger::get).max()).hasValue(2);
        assertThat(processed.values().stream().filter(times -> times.get() == 2).count()).isBetween(1L, 16L);
    }

    @Test
    void enlistedWorkAlsoRunsBeforeARollback() throws Exception {
        send("in", events(20));
        RecordingParticipant participant = new RecordingParticipant();
        startRoute(16, "event-3", new ConcurrentHashMap<>(), participant);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("in") == 0 && count("dlq") == 1 && count("out") == 19);

        assertThat(participant.calls).contains(false).contains(true);
    }

    @Test
    void aThreadWithoutABatchedTransactionCannotEnlist() {
        assertThat(BatchedCommits.enlist(committing -> {
        })).isFalse();
    }
}
