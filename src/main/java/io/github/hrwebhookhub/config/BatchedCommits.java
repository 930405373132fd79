package io.github.hrwebhookhub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;

/**
 * Broker consumers that commit several messages in one transaction: the routing and delivery routes name it as
 * their listener container ({@code consumerType: Custom}, {@code messageListenerContainerFactory: "#batchedCommits"}).
 *
 * <p>A consumer processes each message exactly as before, its sends joining the consumer's local transaction, but
 * commits only when {@code hub.broker.commit-batch-size} messages are done, when the transaction has been open for
 * {@code hub.broker.commit-batch-max-wait}, when no further message is waiting, or when the route stops. Under load one
 * commit (one journal sync, one round trip) then covers many events; a lone event is committed at once, as before.
 * Nothing is lost by waiting: until the commit, the broker still holds every message of the batch, and a crash makes
 * it deliver them again (the delivery route skips a redelivered event that already reached its destination).
 *
 * <p>When a message fails, the broker rolls back the whole batch; the consumer then commits the next messages one at
 * a time for a while, so the failing message fails alone on its next delivery, and the others, redelivered with it,
 * are not held back by it again.
 *
 * <p>Work that must be done before the broker transaction ends (the audit rows of the batch's events, written in one
 * database commit instead of one per event) joins it with {@link #enlist}: each participant runs just before the
 * commit, and before a rollback. A participant that fails before a commit turns it into a rollback.
 */
@Component("batchedCommits")
public class BatchedCommits implements MessageListenerContainerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedCommits.class);

    /** Something to do just before the open broker transaction of this thread commits or rolls back. */
    public interface Participant {
        /**
         * Called once, on the consumer's thread, just before its transaction ends. {@code committing} false: it rolls
         * back (the broker delivers its messages again). An exception thrown before a commit makes it a rollback.
         */
        void beforeCompletion(boolean committing);
    }

    /** The participants of the open transaction of a batching consumer's thread; null on any other thread. */
    private static final ThreadLocal<List<Participant>> PARTICIPANTS = new ThreadLocal<>();

    /**
     * Joins {@code participant} to the broker transaction this thread has open, if it is a batching consumer's
     * thread; false otherwise (then there is no transaction to wait for, and the caller should do its work now).
     */
    public static boolean enlist(Participant participant) {
        List<Participant> participants = PARTICIPANTS.get();
        if (participants == null) {
            return false;
        }
        if (!participants.contains(participant)) {
            participants.add(participant);
        }
        return true;
    }

    /** Runs and forgets the participants of this thread's open transaction; false if one failed. */
    private static boolean complete(boolean committing) {
        List<Participant> participants = PARTICIPANTS.get();
        if (participants == null || participants.isEmpty()) {
            return true;
        }
        List<Participant> now = new ArrayList<>(participants);
        participants.clear();
        boolean ok = true;
        for (Participant participant : now) {
            try {
                participant.beforeCompletion(committing);
            } catch (RuntimeException e) {
                ok = false;
                LOG.warn("work due before a broker {} failed ({}){}", committing ? "commit" : "rollback", e.getClass().getSimpleName(),
                        committing ? "; the transaction is rolled back and its messages delivered again" : "");
            }
        }
        return ok;
    }

    private final int batchSize;
    private final long maxWaitNanos;

    @Autowired
    public BatchedCommits(HubProperties hub) {
        this(hub.broker().commitBatchSize(), hub.broker().commitBatchMaxWait());
    }

    public BatchedCommits(int batchSize, Duration maxWait) {
        if (batchSize < 1) {
            throw new IllegalStateException("hub.broker.commit-batch-size must be at least 1 (1 commits every message on its own)");
        }
        if (maxWait.isNegative()) {
            throw new IllegalStateException("hub.broker.commit-batch-max-wait must not be negative");
        }
        this.batchSize = batchSize;
        this.maxWaitNanos = maxWait.toNanos();
    }

    @Override
    public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
        return new Container(endpoint);
    }

    /** The transaction one consumer thread has open: how many messages it covers, since when, how many to commit alone. */
    private static final class Batch {
        int pending;
        long openedAt;
        int alone;
    }

    /** Camel's listener container (thread names, quick stop) with deferred commits of locally transacted sessions. */
    final class Container extends DefaultJmsMessageListenerContainer {

        /** Each consumer thread keeps its own session (cache level consumer), so its open batch is thread-confined. */
        private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);

        Container(JmsEndpoint endpoint) {
            super(endpoint);
        }

        /** Only a locally transacted session kept across messages can carry a transaction from one message to the next. */
        private boolean batching(Session session) throws JMSException {
            return batchSize > 1 && session != null && session.getTransacted() && isSessionLocallyTransacted(session)
                    && getCacheLevel() >= DefaultMessageListenerContainer.CACHE_SESSION;
        }

        @Override
        protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
            Batch batch = batches.get();
            if (batch.pending == 0) {
                return super.receiveMessage(consumer);
            }
            // A transaction is open: take the next message only if it is already waiting and the batch is young;
            // otherwise report "no message", which makes the container commit the batch (commitIfNecessary, null).
            if (!isRunning() || System.nanoTime() - batch.openedAt >= maxWaitNanos) {
                return null;
            }
            return consumer.receiveNoWait();
        }

        @Override
        protected void commitIfNecessary(Session session, Message message) throws JMSException {
            if (!batching(session)) {
                super.commitIfNecessary(session, message);
                return;
            }
            Batch batch = batches.get();
            if (message == null) {
                // no message waiting (or the batch is old, or the route is stopping): commit what is open
                if (batch.pending > 0) {
                    commit(session, batch);
                }
                return;
            }
            if (batch.pending++ == 0) {
                batch.openedAt = System.nanoTime();
            }
            if (batch.alone > 0) {
                batch.alone--;
                commit(session, batch);
            } else if (batch.pending >= batchSize || !isRunning() || System.nanoTime() - batch.openedAt >= maxWaitNanos) {
                commit(session, batch);
            }
        }

        private void commit(Session session, Batch batch) throws JMSException {
            int covered = batch.pending;
            if (!complete(true)) {
                try {
                    JmsUtils.rollbackIfNecessary(session);
                } finally {
                    rolledBack(batch, covered);
                }
                return;
            }
            try {
                JmsUtils.commitIfNecessary(session);
            } finally {
                batch.pending = 0;
            }
        }

        @Override
        protected void rollbackOnExceptionIfNecessary(Session session, Throwable ex) throws JMSException {
            Batch batch = batches.get();
            int covered = batch.pending + 1;
            complete(false);
            try {
                super.rollbackOnExceptionIfNecessary(session, ex);
            } finally {
                rolledBack(batch, covered);
            }
        }

        @Override
        protected void rollbackIfNecessary(Session session) throws JMSException {
            Batch batch = batches.get();
            int covered = batch.pending + 1;
            complete(false);
            try {
                super.rollbackIfNecessary(session);
            } finally {
                rolledBack(batch, covered);
            }
        }

        private void rolledBack(Batch batch, int covered) {
            batch.pending = 0;
            if (covered > 1) {
                // the broker delivers all of them again: commit the next ones alone, so the one that failed fails alone
                batch.alone = 2 * batchSize;
                LOG.info("{}: a failed message rolled back the {} messages of its transaction; they are delivered again",
                        getDestinationName(), covered);
            }
        }

        /** A route that stops commits the batch it has open instead of leaving it to be delivered again. */
        @Override
        protected boolean doReceiveAndExecute(Object invoker, Session session, MessageConsumer consumer, TransactionStatus status)
                throws JMSException {
            if (PARTICIPANTS.get() == null && batching(session)) {
                // this thread consumes for this container only: from now on, work may join its transactions
                PARTICIPANTS.set(new ArrayList<>());
            }
            boolean received = super.doReceiveAndExecute(invoker, session, consumer, status);
            Batch batch = batches.get();
            if (batch.pending > 0 && !isRunning() && batching(session)) {
                commit(session, batch);
            }
            return received;
        }
    }
}
