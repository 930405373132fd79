package io.github.hrwebhookhub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.hrwebhookhub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals the payloads the hub stores (audit trail, dead letters) with AES-256-GCM. A sealed payload is
 * {@code version(1) | key id(4) | IV(12) | ciphertext+tag}; the key id picks the key, so payloads sealed before a key
 * rotation still open with a previous key.
 */
@Component
public class PayloadCipher {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadCipher.class);
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private record Key(byte[] id, SecretKeySpec spec) {
    }

    private final Key current;
    private final List<Key> all = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public PayloadCipher(HubProperties hub, @Value("${spring.artemis.mode:embedded}") String brokerMode) {
        this(hub, "native".equalsIgnoreCase(brokerMode));
    }

    /** For the embedded (single-instance) setup. */
    public PayloadCipher(HubProperties hub) {
        this(hub, false);
    }

    private PayloadCipher(HubProperties hub, boolean externalBroker) {
        List<String> problems = problems(hub.storage(), externalBroker);
        if (!problems.isEmpty()) {
            // the configuration validator has reported these before this bean is made; this guards other callers
            throw new IllegalStateException(String.join("; ", problems));
        }
        String configured = hub.storage().encryptionKey();
        boolean unset = configured == null || configured.isBlank();
        this.current = key(unset ? generatedKey(hub.dataDir()) : configured, "encryption-key");
        all.add(current);
        for (String previous : hub.storage().previousKeys()) {
            all.add(key(previous, "previous-keys"));
        }
    }

    /** What is wrong with the storage keys (part of the startup configuration check); never shows a key. */
    static List<String> problems(HubProperties.Storage storage, boolean externalBroker) {
        List<String> problems = new ArrayList<>();
        String configured = storage.encryptionKey();
        if ((configured == null || configured.isBlank()) && externalBroker) {
            // instances sharing a broker share the database too: a key generated per instance would leave each
            // unable to read what the others sealed (audit payloads, dead letters), and a pod's key dies with it
            problems.add("hub.storage.encryption-key: must be set (env HUB_STORAGE_ENCRYPTIONKEY) when the hub uses an "
                    + "external broker: every instance must seal stored payloads with the same key (openssl rand -base64 32)");
        } else if (configured != null && !configured.isBlank()) {
            check(configured, "encryption-key", problems);
        }
        for (int i = 0; i < storage.previousKeys().size(); i++) {
            check(storage.previousKeys().get(i), "previous-keys[" + i + "]", problems);
        }
        return problems;
    }

    private static void check(String base64, String property, List<String> problems) {
        try {
            key(base64 == null ? "" : base64, property);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage().replaceFirst("^(hub\\.storage\\.[^ ]+) ", "$1: "));
        }
    }

    private static Key key(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.storage." + property + " must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("hub.storage." + property + " must be 32 bytes (AES-256), not " + bytes.length);
        }
        try {
            byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 4);
            return new Key(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The zero-configuration default: a key made once and kept, owner-readable only, under the data directory. */
    private static String generatedKey(Path dataDir) {
        Path file = dataDir.resolve("keys").resolve("storage.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on non-POSIX file systems
            }
            LOG.warn("No hub.storage.encryption-key configured: generated one in {}. Set your own in production.", file);
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep a storage key under " + file.getParent() + " (" + e.getMessage() + ")");
        }
    }

    public byte[] seal(byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + 4 + IV_BYTES + sealed.length).put(VERSION).put(current.id()).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(byte[] sealed) {
        if (sealed.length < 1 + 4 + IV_BYTES || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed payload");
        }
        byte[] id = Arrays.copyOfRange(sealed, 1, 5);
        Key key = all.stream().filter(k -> Arrays.equals(k.id(), id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("payload sealed with a key that is not configured"));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, sealed, 5, IV_BYTES));
            return cipher.doFinal(sealed, 5 + IV_BYTES, sealed.length - 5 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed payload failed authentication", e);
        }
    }

    /** Text form for broker message bodies. */
    public String sealToText(String plaintext) {
        return Base64.getEncoder().encodeToString(seal(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    public String openText(String sealed) {
        return new String(open(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
    }
}
