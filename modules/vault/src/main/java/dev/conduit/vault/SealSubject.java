package dev.conduit.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a sealed value belongs to — an owner and one of their records (a connection's credential, a webhook
 * endpoint, an OAuth flow) — and the associated data that binds ciphertexts to it. Each part is
 * length-prefixed, so no two different subjects can encode to the same bytes, and a ciphertext moved to another
 * row, owner, record type, field or version no longer opens.
 */
public record SealSubject(String owner, String recordType, UUID recordId) {

  public static final String CONNECTION = "connection";
  public static final String WEBHOOK = "webhook";
  public static final String OAUTH_FLOW = "oauth_flow";

  public static SealSubject connection(String owner, UUID connectionId) {
    return new SealSubject(owner, CONNECTION, connectionId);
  }

  private static final byte[] DATA_KEY_CONTEXT = "conduit/data-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FIELD_CONTEXT = "conduit/field/v1".getBytes(StandardCharsets.US_ASCII);

  /** Associated data of the wrapped data key. */
  byte[] dataKeyContext() {
    Encoder encoder = new Encoder();
    encoder.part(DATA_KEY_CONTEXT).part(owner).part(recordType).part(recordId.toString());
    return encoder.bytes();
  }

  /** Associated data of one field at one secret version. */
  byte[] fieldContext(String field, long version) {
    Encoder encoder = new Encoder();
    encoder.part(FIELD_CONTEXT).part(owner).part(recordType).part(recordId.toString()).part(field)
        .part(Long.toString(version));
    return encoder.bytes();
  }

  private static final class Encoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Encoder part(String text) {
      return part(text.getBytes(StandardCharsets.UTF_8));
    }

    Encoder part(byte[] bytes) {
      int length = bytes.length;
      out.write(length >>> 24);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
      out.write(bytes, 0, length);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
