package dev.conduit.vault;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key-encryption keyset: generated, parsed and checked strictly. A keyset that is missing, malformed, has no
 * enabled primary, or whose primary is not AES-256-GCM stops start-up; there is no degraded mode. Messages
 * never contain key material.
 */
public final class VaultKeys {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private VaultKeys() {
  }

  /** A new keyset holding one AES-256-GCM primary key, as Tink JSON. */
  public static String generate() {
    try {
      KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a vault keyset", e);
    }
  }

  /**
   * Reads {@code vault.keyset}: inline Tink JSON (starts with '{') or the path of a file holding it.
   *
   * @throws InvalidKeysetException naming what is wrong, never echoing the value
   */
  public static KeysetHandle load(String jsonOrPath) {
    if (jsonOrPath == null || jsonOrPath.isBlank()) {
      throw new InvalidKeysetException("vault.keyset is empty");
    }
    String json = jsonOrPath.strip();
    if (!json.startsWith("{")) {
      Path file = Path.of(json);
      try {
        json = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidKeysetException("vault.keyset: cannot read keyset file " + file);
      }
    }
    return parse(json);
  }

  /** Parses and checks a Tink JSON keyset. */
  public static KeysetHandle parse(String json) {
    KeysetHandle handle;
    try {
      handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidKeysetException("vault.keyset is not a valid Tink JSON keyset");
    }
    KeysetHandle.Entry primary;
    try {
      primary = handle.getPrimary();
    } catch (IllegalStateException e) {
      throw new InvalidKeysetException("vault.keyset has no primary key");
    }
    if (primary.getStatus() != KeyStatus.ENABLED) {
      throw new InvalidKeysetException("vault.keyset's primary key is not enabled");
    }
    if (!(primary.getKey().getParameters() instanceof AesGcmParameters params) || params.getKeySizeBytes() != 32) {
      throw new InvalidKeysetException("vault.keyset's primary key must be AES256_GCM");
    }
    return handle;
  }

  /** The keyset is unusable; the message says why without showing it. */
  public static final class InvalidKeysetException extends RuntimeException {
    public InvalidKeysetException(String message) {
      super(message, null, false, false);
    }
  }
}
