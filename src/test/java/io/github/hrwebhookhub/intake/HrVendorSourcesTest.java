package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.signing.AshbyScheme;
import io.github.hrwebhookhub.signing.BambooHrScheme;
import io.github.hrwebhookhub.signing.DeelScheme;
import io.github.hrwebhookhub.signing.GreenhouseScheme;
import io.github.hrwebhookhub.signing.GustoScheme;
import io.github.hrwebhookhub.signing.LeverScheme;
import io.github.hrwebhookhub.signing.MergeScheme;
import io.github.hrwebhookhub.signing.SignatureSchemes;
import io.github.hrwebhookhub.signing.WorkableScheme;
import org.junit.jupiter.api.Test;

/** Every HR vendor profile starts as a source with only a scheme and a secret, and its vendor type-map applies. */
class HrVendorSourcesTest {

    private static final SignatureSchemes SCHEMES = new SignatureSchemes(List.of(new GreenhouseScheme(), new LeverScheme(),
            new BambooHrScheme(), new WorkableScheme(), new AshbyScheme(), new MergeScheme(), new GustoScheme(), new DeelScheme()));

    private static Sources sources(String scheme, String secret) {
        return new Sources(HubConfig.of("sources." + scheme + ".scheme", scheme, "sources." + scheme + ".secrets", List.of(secret)),
                SCHEMES);
    }

    @Test
    void eachVendorSchemeIsRegisteredUnderItsDocumentedName() {
        assertThat(SCHEMES.names()).containsExactlyInAnyOrder(
                "greenhouse", "lever", "bamboohr", "workable", "ashby", "merge", "gusto", "deel");
    }

    @Test
    void eachVendorSourceStartsWithItsDefaultLocationsAndTypeMap() {
        for (String scheme : SCHEMES.names()) {
            Sources.Source source = sources(scheme, "a-secret").find(scheme).orElseThrow();
            assertThat(source.idLocations()).as(scheme).isNotEmpty();
            assertThat(source.typeLocations()).as(scheme).isNotEmpty();
            assertThat(source.typeMap()).as(scheme).isNotEmpty();
        }
        assertThat(sources("greenhouse", "s").find("greenhouse").orElseThrow().canonicalType("hire_candidate"))
                .isEqualTo("candidate.hired");
    }

    @Test
    void sourceTypeMapOverridesTheVendorDefault() {
        HubProperties hub = HubConfig.of("sources.lever.scheme", "lever", "sources.lever.secrets", List.of("s"),
                "sources.lever.type-map.candidateArchiveChange", "candidate.rejected",
                "sources.lever.type-map.candidateHired", "employee.created");
        Sources.Source configured = new Sources(hub, SCHEMES).find("lever").orElseThrow();
        assertThat(configured.canonicalType("candidateArchiveChange")).isEqualTo("candidate.rejected");
        assertThat(configured.canonicalType("candidateHired")).isEqualTo("employee.created");
        assertThat(configured.canonicalType("applicationCreated")).isEqualTo("candidate.applied");
    }

    @Test
    void emptySecretIsRefusedNamingTheScheme() {
        for (String scheme : SCHEMES.names()) {
            assertThatThrownBy(() -> SCHEMES.get(scheme).key("")).as(scheme)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(scheme);
        }
    }
}
