package io.github.hrwebhookhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-256-GCM sealing of stored payloads: round trip, tamper detection, key rotation, key configuration. */
class PayloadCipherTest {

    private static String key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }

    private static PayloadCipher cipher(String key, String... previous) {
        HubProperties hub = HubConfig.of("storage.encryption-key", key, "storage.previous-keys", List.of(previous));
        return new PayloadCipher(hub);
    }

    private static final byte[] PAYLOAD = "{\"salary\":98000,\"iban\":\"DE89370400440532013000\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedPayloadOpensToTheOriginalAndHidesIt() {
        PayloadCipher cipher = cipher(key(1));
        byte[] sealed = cipher.seal(PAYLOAD);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("98000").doesNotContain("DE89");
        assertThat(cipher.open(sealed)).isEqualTo(PAYLOAD);
        assertThat(cipher.seal(PAYLOAD)).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void tamperedPayloadFailsToOpen() {
        PayloadCipher cipher = cipher(key(1));
        byte[] sealed = cipher.seal(PAYLOAD);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed)).hasMessageContaining("failed authentication");
    }

    @Test
    void payloadSealedBeforeAKeyRotationStillOpensWithThePreviousKey() {
        byte[] sealedWithOld = cipher(key(1)).seal(PAYLOAD);
        assertThat(cipher(key(2), key(1)).open(sealedWithOld)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> cipher(key(2)).open(sealedWithOld)).hasMessageContaining("not configured");
    }

    @Test
    void unusableKeysAreRefusedAtStartupWithoutShowingThem() {
        assertThatThrownBy(() -> cipher("not base64!")).hasMessageContaining("base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]))).hasMessageContaining("32 bytes");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndKept(@TempDir Path dataDir) throws Exception {
        HubProperties hub = HubConfig.of("data-dir", dataDir);
        byte[] sealed = new PayloadCipher(hub).seal(PAYLOAD);
        Path keyFile = dataDir.resolve("keys/storage.key");
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(new PayloadCipher(hub).open(sealed)).as("the next start uses the same key").isEqualTo(PAYLOAD);
    }
}
