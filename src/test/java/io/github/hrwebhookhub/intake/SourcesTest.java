package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
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

    private static Sources sources(String name, Object... settings) {
        return new Sources(HubConfig.of(prefixed("sources." + name + ".", settings)), SCHEMES);
    }

    private static Object[] source(String scheme, String... secrets) {
        return new Object[] {"scheme", scheme, "secrets", List.of(secrets)};
    }

    private static Object[] with(Object[] settings, Object... more) {
        Object[] all = java.util.Arrays.copyOf(settings, settings.length + more.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return all;
    }

    private static Object[] prefixed(String prefix, Object[] settings) {
        Object[] out = settings.clone();
        for (int i = 0; i < out.length; i += 2) {
            out[i] = prefix + out[i];
        }
        return out;
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
        assertThat(sources("x", with(source("none"), "allow-unsigned", true)).find("x")).isPresent();
    }

    @Test
    void invalidEventIdLocationIsRefused() {
        assertThatThrownBy(() -> sources("x", with(source("github", "secret"), "event-id", "cookie:abc")))
                .hasMessageContaining("header:NAME or jsonpath:EXPR");
        assertThatThrownBy(() -> sources("x", with(source("github", "secret"), "event-id", "jsonpath:$..[")))
                .hasMessageContaining("not a valid JSONPath");
    }

    @Test
    void sourceNameMustBePathSafe() {
        assertThatThrownBy(() -> sources("Bad Name", source("github", "s"))).hasMessageContaining("lower-case");
    }

    @Test
    void overridesReplaceTheSchemeDefaults() {
        Sources.Source configured = sources("gh", with(source("github", "secret"), "event-id", "jsonpath:$.delivery.id"))
                .find("gh").orElseThrow();
        assertThat(configured.idLocations()).containsExactly("jsonpath:$.delivery.id");
        assertThat(configured.typeLocations()).containsExactly("header:X-GitHub-Event");
    }
}
