package dev.conduit.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Envelope encryption with Tink. Each sealed record gets a fresh AES-256-GCM data key; the data key is wrapped
 * by the key-encryption keyset (its primary encrypts, every enabled key decrypts), and each secret field is
 * encrypted under the data key with associated data naming its owner, record, field and version. Rotation
 * therefore only re-wraps data keys; field ciphertexts never change.
 */
public final class EnvelopeSealer {

  private static final AesGcmParameters DATA_KEY_PARAMETERS = dataKeyParameters();

  private final Aead keyEncryption;
  private final long primaryKeyId;

  public EnvelopeSealer(KeysetHandle keyset) {
    try {
      this.keyEncryption = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      this.primaryKeyId = Integer.toUnsignedLong(keyset.getPrimary().getId());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the vault keyset cannot encrypt", e);
    }
  }

  /** The id of the key that wraps new data keys (stored per row as {@code kek_key_id}). */
  public long primaryKeyId() {
    return primaryKeyId;
  }

  /** A fresh data key for {@code subject}, ready to seal fields and to be stored wrapped. */
  public DataKey newDataKey(SealSubject subject) {
    SecretBytes material = SecretBytes.randomBytes(DATA_KEY_PARAMETERS.getKeySizeBytes());
    try {
      byte[] wrapped = keyEncryption.encrypt(material.toByteArray(InsecureSecretKeyAccess.get()),
          subject.dataKeyContext());
      return new DataKey(subject, aead(material), wrapped, primaryKeyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap a new data key", e);
    }
  }

  /** Unwraps a stored data key. */
  public DataKey openDataKey(SealSubject subject, byte[] wrapped, long kekKeyId) {
    try {
      byte[] material = keyEncryption.decrypt(wrapped, subject.dataKeyContext());
      return new DataKey(subject, aead(SecretBytes.copyFrom(material, InsecureSecretKeyAccess.get())), wrapped,
          kekKeyId);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealException("the data key does not open (key " + kekKeyId + " missing from the keyset, or the"
          + " row was moved or altered)");
    }
  }

  /** The same data key wrapped under the current primary, for rotation. */
  public byte[] rewrap(SealSubject subject, byte[] wrapped, long kekKeyId) {
    try {
      byte[] material = keyEncryption.decrypt(wrapped, subject.dataKeyContext());
      return keyEncryption.encrypt(material, subject.dataKeyContext());
    } catch (GeneralSecurityException e) {
      throw new SealException("the data key does not open (key " + kekKeyId + " missing from the keyset, or the"
          + " row was moved or altered)");
    }
  }

  private static Aead aead(SecretBytes material) throws GeneralSecurityException {
    return AesGcmJce.create(AesGcmKey.builder().setParameters(DATA_KEY_PARAMETERS).setKeyBytes(material).build());
  }

  private static AesGcmParameters dataKeyParameters() {
    try {
      return AesGcmParameters.builder()
          .setKeySizeBytes(32)
          .setIvSizeBytes(12)
          .setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** An unwrapped data key bound to its subject: seals and opens that subject's fields. */
  public static final class DataKey {

    private final SealSubject subject;
    private final Aead aead;
    private final byte[] wrapped;
    private final long kekKeyId;

    private DataKey(SealSubject subject, Aead aead, byte[] wrapped, long kekKeyId) {
      this.subject = subject;
      this.aead = aead;
      this.wrapped = wrapped;
      this.kekKeyId = kekKeyId;
    }

    public byte[] wrapped() {
      return wrapped;
    }

    public long kekKeyId() {
      return kekKeyId;
    }

    /** The ciphertext of {@code plaintext} as field {@code field} at {@code version}; null stays null. */
    public byte[] seal(String field, long version, String plaintext) {
      if (plaintext == null) {
        return null;
      }
      try {
        return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), subject.fieldContext(field, version));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot seal field " + field, e);
      }
    }

    /** The plaintext of field {@code field} at {@code version}; null stays null. */
    public String open(String field, long version, byte[] ciphertext) {
      if (ciphertext == null) {
        return null;
      }
      try {
        return new String(aead.decrypt(ciphertext, subject.fieldContext(field, version)), StandardCharsets.UTF_8);
      } catch (GeneralSecurityException e) {
        throw new SealException("field " + field + " does not open (moved, altered, or sealed at another version)");
      }
    }
  }
}
