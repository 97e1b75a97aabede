package dev.conduit.core.config;

import java.time.Duration;

/**
 * @param keyset    a Tink JSON keyset, or the path of a file holding one
 * @param cacheSize how many recently vended connections each vault instance keeps (sealed, with their data key)
 * @param cacheTtl  the longest a vend cache entry is used before it is read again
 */
public record VaultConfig(String keyset, int cacheSize, Duration cacheTtl) {

  @Override
  public String toString() {
    return "VaultConfig[keyset=" + (keyset == null || keyset.isBlank() ? "(unset)" : "(set)") + ", cacheSize="
        + cacheSize + ", cacheTtl=" + cacheTtl + "]";
  }
}
