package io.github.hrwebhookhub.config;

import io.github.hrwebhookhub.support.HubConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The external broker's configuration (deploy/artemis/broker.xml) gives it what the embedded broker gets from
 * {@link BrokerConfiguration}: the same queues, the same safety-net redelivery and dead-letter addresses, the same
 * duplicate-id cache. Changing one without the other fails here.
 */
class BrokerXmlTest {

    private static Document brokerXml;

    @BeforeAll
    static void parse() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        brokerXml = factory.newDocumentBuilder().parse(Path.of("deploy/artemis/broker.xml").toFile());
    }

    private static HubProperties defaultDestinations() {
        return HubConfig.of("destinations.payroll.mapping", "cloudevent", "destinations.hris.mapping", "cloudevent",
                "destinations.messaging.mapping", "cloudevent");
    }

    @Test
    void declaresEveryQueueTheEmbeddedBrokerHas() {
        List<String> declared = new ArrayList<>();
        NodeList queues = brokerXml.getElementsByTagName("queue");
        for (int i = 0; i < queues.getLength(); i++) {
            Element queue = (Element) queues.item(i);
            Element routing = (Element) queue.getParentNode();
            assertThat(routing.getTagName()).as("queue " + queue.getAttribute("name")).isEqualTo("anycast");
            declared.add(queue.getAttribute("name"));
        }
        for (QueueConfiguration queue : BrokerConfiguration.queues(defaultDestinations())) {
            assertThat(declared).contains(queue.getName().toString());
        }
    }

    @Test
    void safetyNetRedeliveryMatchesTheEmbeddedBroker() {
        List<String> matched = new ArrayList<>();
        NodeList settings = brokerXml.getElementsByTagName("address-setting");
        for (int i = 0; i < settings.getLength(); i++) {
            Element setting = (Element) settings.item(i);
            String match = setting.getAttribute("match");
            String deadLetter;
            if (match.equals(Queues.EVENTS)) {
                deadLetter = Queues.ROUTING_DLQ;
            } else if (match.startsWith("hr.deliver.")) {
                deadLetter = Queues.deadLetter(match.substring("hr.deliver.".length()));
            } else {
                continue;
            }
            AddressSettings embedded = BrokerConfiguration.safetyNet(deadLetter);
            assertThat(text(setting, "dead-letter-address")).as(match).isEqualTo(embedded.getDeadLetterAddress().toString());
            assertThat(Integer.parseInt(text(setting, "max-delivery-attempts"))).as(match).isEqualTo(embedded.getMaxDeliveryAttempts());
            assertThat(Long.parseLong(text(setting, "redelivery-delay"))).as(match).isEqualTo(embedded.getRedeliveryDelay());
            assertThat(Double.parseDouble(text(setting, "redelivery-delay-multiplier"))).as(match).isEqualTo(embedded.getRedeliveryMultiplier());
            assertThat(Long.parseLong(text(setting, "max-redelivery-delay"))).as(match).isEqualTo(embedded.getMaxRedeliveryDelay());
            matched.add(match);
        }
        List<String> expected = new ArrayList<>(List.of(Queues.EVENTS));
        defaultDestinations().destinations().keySet().forEach(d -> expected.add(Queues.deliver(d)));
        assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void keepsAsManyDuplicateIdsAcrossRestarts() {
        assertThat(Integer.parseInt(text(brokerXml.getDocumentElement(), "id-cache-size"))).isEqualTo(BrokerConfiguration.DUPLICATE_ID_CACHE);
        assertThat(text(brokerXml.getDocumentElement(), "persist-id-cache")).isEqualTo("true");
        assertThat(text(brokerXml.getDocumentElement(), "persistence-enabled")).isEqualTo("true");
        assertThat(text(brokerXml.getDocumentElement(), "journal-datasync")).isEqualTo("true");
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        assertThat(found.getLength()).as(tag + " in " + parent.getAttribute("match")).isPositive();
        return found.item(0).getTextContent().trim();
    }
}
