package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.signing.GenericHmacScheme;
import io.github.hrwebhookhub.signing.GithubScheme;
import io.github.hrwebhookhub.signing.NoneScheme;
import io.github.hrwebhookhub.signing.SignatureSchemes;
import io.github.hrwebhookhub.signing.StandardWebhooksScheme;
import org.junit.jupiter.api.Test;

/** Startup refuses source configurations that could never work, naming the source and never the secret. */
class SourcesTest {

    private static final SignatureSchemes SCHEMES = new SignatureSchemes(
            List.of(new StandardWebhooksScheme(), new GithubScheme(), new GenericHmacScheme(), new NoneScheme()));

    private static Sources sources(String name, HubProperties.Source source) {
        HubProperties hub = new HubProperties();
        hub.getSources().put(name, source);
        return new Sources(hub, SCHEMES);
    }

    private static HubProperties.Source source(String scheme, String... secrets) {
        HubProperties.Source source = new HubProperties.Source();
        source.setScheme(scheme);
        source.setSecrets(List.of(secrets));
        return source;
    }

    @Test
    void sourceWithoutSecretIsRefused() {
        assertThatThrownBy(() -> sources("greenhouse", source("github")))
                .hasMessageContaining("hub.sources.greenhouse").hasMessageContaining("no secret");
    }

    @Test
    void standardWebhooksSecretThatIsNotBase64IsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> sources("demo", source("standard-webhooks", "whsec_not*base64*at*all")))
                .hasMessageContaining("hub.sources.demo").hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not*base64*at*all");
    }

    @Test
    void unknownSchemeIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> sources("x", source("carrier-pigeon", "s")))
                .hasMessageContaining("unknown scheme 'carrier-pigeon'").hasMessageContaining("standard-webhooks");
    }

    @Test
    void unsignedSourceNeedsAllowUnsigned() {
        assertThatThrownBy(() -> sources("x", source("none"))).hasMessageContaining("allow-unsigned");
        HubProperties.Source allowed = source("none");
        allowed.setAllowUnsigned(true);
        assertThat(sources("x", allowed).find("x")).isPresent();
    }

    @Test
    void invalidEventIdLocationIsRefused() {
        HubProperties.Source source = source("github", "secret");
        source.setEventId("cookie:abc");
        assertThatThrownBy(() -> sources("x", source)).hasMessageContaining("header:NAME or jsonpath:EXPR");
        source.setEventId("jsonpath:$..[");
        assertThatThrownBy(() -> sources("x", source)).hasMessageContaining("not a valid JSONPath");
    }

    @Test
    void sourceNameMustBePathSafe() {
        assertThatThrownBy(() -> sources("Bad Name", source("github", "s"))).hasMessageContaining("lower-case");
    }

    @Test
    void overridesReplaceTheSchemeDefaults() {
        HubProperties.Source source = source("github", "secret");
        source.setEventId("jsonpath:$.delivery.id");
        Sources.Source configured = sources("gh", source).find("gh").orElseThrow();
        assertThat(configured.idLocations()).containsExactly("jsonpath:$.delivery.id");
        assertThat(configured.typeLocations()).containsExactly("header:X-GitHub-Event");
    }
}
