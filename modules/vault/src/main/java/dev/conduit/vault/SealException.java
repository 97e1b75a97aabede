package dev.conduit.vault;

/**
 * A stored ciphertext did not open: the keyset lacks its key, or the bytes were moved, altered or truncated.
 * Never treated as "no secret"; the message names what failed, never the bytes.
 */
public final class SealException extends RuntimeException {

  public SealException(String message) {
    super(message, null, false, false);
  }
}
