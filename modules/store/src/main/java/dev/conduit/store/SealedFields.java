package dev.conduit.store;

/**
 * The sealed material of one credential: its data key wrapped under key-encryption key {@code kekKeyId}, and
 * one AEAD ciphertext per secret field (null where the kind has no such field). Opaque to everything but the
 * vault.
 */
public record SealedFields(
    long kekKeyId,
    byte[] wrappedKey,
    byte[] accessToken,
    byte[] refreshToken,
    byte[] apiKey,
    byte[] apiSecret,
    byte[] username,
    byte[] password) {
}
