package dev.conduit.vault;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/**
 * Adds a key to a keyset and makes it the primary. Older keys stay enabled, so everything sealed under them
 * still opens; {@link Rewrapper} then moves every stored data key onto the new primary, after which the old
 * keys can be removed.
 */
public final class KeyRotation {

  private KeyRotation() {
  }

  /** The keyset (Tink JSON) with a new AES-256-GCM primary key added. */
  public static String rotate(String keysetJson) {
    KeysetHandle current = VaultKeys.parse(keysetJson);
    try {
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
      builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
          .withRandomId()
          .makePrimary());
      return TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot add a key to the vault keyset", e);
    }
  }
}
