package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.KeyRotation;
import dev.conduit.vault.VaultKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A keyset that cannot open what the database holds stops start-up, naming the key ids, before anything could
 * seal a new deposit under it; the right keyset, or a rotated one still holding the old key, starts.
 */
class WrongKeysetTest {

  private final String keysetA = VaultKeys.generate();

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
  }

  @AfterEach
  void tearDown() {
    // rows sealed under this class's keysets would (rightly) stop the next class's server from starting
    TestDatabase.truncateAll();
  }

  @Test
  void anUnrelatedKeysetIsRefusedNamingTheMissingKeyAndNothingIsWritten() throws Exception {
    String id = depositUnder(keysetA, "alice", "key-of-alice");
    String keysetB = VaultKeys.generate();
    String before = Sql.dump();
    int port = TestConduit.freePort();

    assertThatThrownBy(() -> start(keysetB, port))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("vault.keyset cannot open what the database holds: 1 sealed rows are under key "
            + primaryId(keysetA) + ", which this keyset does not hold (this keyset holds keys [" + primaryId(keysetB)
            + "])")
        .satisfies(e -> assertNoKeyMaterial(e.getMessage(), keysetA, keysetB));
    assertThat(Sql.dump()).isEqualTo(before);
    assertPortIsFree(port);

    try (TestConduit conduit = start(keysetA, TestConduit.freePort())) {
      assertVends(conduit, "alice", id, "key-of-alice");
    }
  }

  @Test
  void aKeysetThatOnlySharesTheKeyIdIsRefused() throws Exception {
    depositUnder(keysetA, "alice", "key-of-alice");
    long keyId = primaryId(keysetA);
    KeysetHandle impostor = KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
            .withFixedId((int) keyId).makePrimary())
        .build();
    String impostorJson = TinkJsonProtoKeysetFormat.serializeKeyset(impostor, InsecureSecretKeyAccess.get());
    String before = Sql.dump();

    assertThatThrownBy(() -> start(impostorJson, TestConduit.freePort()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("key " + keyId + " of this keyset does not open the 1 sealed rows stored under that id")
        .satisfies(e -> assertNoKeyMaterial(e.getMessage(), keysetA, impostorJson));
    assertThat(Sql.dump()).isEqualTo(before);
  }

  @Test
  void aKeysetWhoseKeyForStoredRowsIsDisabledIsRefused() throws Exception {
    depositUnder(keysetA, "alice", "key-of-alice");
    long oldKey = primaryId(keysetA);
    KeysetHandle rotated = VaultKeys.parse(KeyRotation.rotate(keysetA));
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(rotated);
    for (int i = 0; i < rotated.size(); i++) {
      if (Integer.toUnsignedLong(rotated.getAt(i).getId()) == oldKey) {
        builder.getAt(i).setStatus(KeyStatus.DISABLED);
      }
    }
    String disabled = TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(), InsecureSecretKeyAccess.get());

    assertThatThrownBy(() -> start(disabled, TestConduit.freePort()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("1 sealed rows are under key " + oldKey + ", which this keyset holds but not enabled");
  }

  @Test
  void aRotatedKeysetThatStillHoldsTheOldKeyStarts() throws Exception {
    String id = depositUnder(keysetA, "alice", "key-of-alice");
    String rotated = KeyRotation.rotate(keysetA);

    try (TestConduit conduit = start(rotated, TestConduit.freePort())) {
      assertVends(conduit, "alice", id, "key-of-alice");
    }
  }

  @Test
  void anEmptyDatabaseStartsWithAnyKeyset() {
    try (TestConduit first = start(keysetA, TestConduit.freePort())) {
      assertThat(first.get("/health/ready").status()).isEqualTo(200);
    }
    try (TestConduit second = start(VaultKeys.generate(), TestConduit.freePort())) {
      assertThat(second.get("/health/ready").status()).isEqualTo(200);
    }
  }

  private String depositUnder(String keyset, String owner, String apiKey) {
    try (TestConduit conduit = start(keyset, TestConduit.freePort())) {
      String id = conduit.createConnection(TestConduit.token(owner), "stripe");
      assertThat(conduit.deposit(TestConduit.token(owner), id, "{\"kind\":\"api_key\",\"apiKey\":\"" + apiKey + "\"}")
          .status()).isEqualTo(200);
      return id;
    }
  }

  private static TestConduit start(String keyset, int port) {
    return TestConduit.start(Map.of("CONDUIT_VAULT_KEYSET", keyset, "CONDUIT_HTTP_PORT", Integer.toString(port)));
  }

  private static void assertVends(TestConduit conduit, String owner, String id, String apiKey) {
    TestConduit.Response vended = conduit.vend(TestConduit.token(owner), id);
    assertThat(vended.status()).as(vended.body()).isEqualTo(200);
    assertThat(vended.json().getJsonObject("data").getJsonObject("attributes").getString("apiKey")).isEqualTo(apiKey);
  }

  private static long primaryId(String keyset) {
    return Integer.toUnsignedLong(VaultKeys.parse(keyset).getPrimary().getId());
  }

  /** Neither keyset's key bytes (nor the keyset text) appear in {@code message}. */
  private static void assertNoKeyMaterial(String message, String... keysets) {
    for (String keyset : keysets) {
      assertThat(message).doesNotContain(keyset);
      new JsonObject(keyset).getJsonArray("key").forEach(key ->
          assertThat(message).doesNotContain(((JsonObject) key).getJsonObject("keyData").getString("value")));
    }
  }

  private static void assertPortIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      assertThat(socket.isBound()).isTrue();
    } catch (IOException e) {
      throw new AssertionError("port " + port + " is still in use", e);
    }
  }
}
