package dev.conduit.core.config;

/** @param keyset a Tink JSON keyset, or the path of a file holding one */
public record VaultConfig(String keyset) {

  @Override
  public String toString() {
    return "VaultConfig[keyset=" + (keyset == null || keyset.isBlank() ? "(unset)" : "(set)") + "]";
  }
}
