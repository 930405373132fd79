package io.github.hrwebhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.hrwebhookhub.HubHeaders;
import org.junit.jupiter.api.Test;

/** Which headers are the broker's, and that copies and strips leave exactly the hub's own. */
class BrokerHeadersTest {

    @Test
    void jmsHeadersJmsxPropertiesAndArtemisInternalsAreTheBrokers() {
        for (String name : new String[] {"JMSMessageID", "JMSRedelivered", "JMSXDeliveryCount", "JMSXGroupID",
                HubHeaders.ARTEMIS_DUPLICATE_ID, HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, "_AMQ_ORIG_ADDRESS", "__AMQ_CID"}) {
            assertThat(BrokerHeaders.isBrokerHeader(name)).as(name).isTrue();
        }
        for (String name : new String[] {HubHeaders.EVENT_ID, HubHeaders.TYPE, HubHeaders.ATTEMPT, HubHeaders.SEALED, "hubReplayedBy",
                "jmsLike", "amq"}) {
            assertThat(BrokerHeaders.isBrokerHeader(name)).as(name).isFalse();
        }
    }

    @Test
    void copiesAndStripsKeepOnlyTheHubsHeaders() {
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("JMSMessageID", "ID:1");
        received.put(HubHeaders.ARTEMIS_DUPLICATE_ID, "evt_1");
        received.put(HubHeaders.EVENT_ID, "evt_1");
        received.put(HubHeaders.ATTEMPT, 2);

        Map<String, Object> copy = new LinkedHashMap<>();
        BrokerHeaders.copyHeaders(received, copy);
        assertThat(copy).containsOnlyKeys(HubHeaders.EVENT_ID, HubHeaders.ATTEMPT).containsEntry(HubHeaders.ATTEMPT, 2);

        BrokerHeaders.strip(received);
        assertThat(received).containsOnlyKeys(HubHeaders.EVENT_ID, HubHeaders.ATTEMPT);
    }
}
