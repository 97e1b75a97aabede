package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.EnvelopeSealer;
import dev.conduit.vault.Rewrapper;
import dev.conduit.vault.VaultKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Rotation keeps every secret readable; rewrap moves every data key to the new key so the old one can go. */
class KeyRotationTest {

  @TempDir
  Path dir;
  private Path keysetFile;
  private Path configFile;

  @BeforeEach
  void setUp() throws Exception {
    TestDatabase.truncateAll();
    keysetFile = dir.resolve("keyset.json");
    Files.writeString(keysetFile, VaultKeys.generate());
    configFile = dir.resolve("conduit.yaml");
    Files.writeString(configFile, """
        database:
          url: "%s"
        vault:
          keyset: "%s"
        auth:
          hs256-secret: "%s"
        """.formatted(TestConduit.databaseUrl(TestDatabase.url()), keysetFile, TestConduit.HS256_SECRET));
  }

  @AfterEach
  void tearDown() {
    // rows sealed under this class's own keyset would (rightly) stop the next class's server from starting
    TestDatabase.truncateAll();
  }

  @Test
  void rotateThenRewrapKeepsEverySecretAndRetiresTheOldKey() throws Exception {
    List<String> owners = List.of("alice", "bob", "carol", "dave", "erin");
    List<String> connections = new ArrayList<>();
    try (TestConduit conduit = start()) {
      for (String owner : owners) {
        String id = conduit.createConnection(TestConduit.token(owner), "stripe");
        conduit.deposit(TestConduit.token(owner), id, "{\"kind\":\"api_key\",\"apiKey\":\"key-of-" + owner + "\"}");
        connections.add(id);
      }
    }
    long oldKey = primaryKeyId();

    assertThat(cli("keys", "rotate")).contains("added a new primary key");
    long newKey = primaryKeyId();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(VaultKeys.parse(Files.readString(keysetFile)).size()).isEqualTo(2);

    try (TestConduit conduit = start()) {
      assertAllVend(conduit, owners, connections);
      String later = conduit.createConnection(TestConduit.token("frank"), "stripe");
      conduit.deposit(TestConduit.token("frank"), later, "{\"kind\":\"api_key\",\"apiKey\":\"key-of-frank\"}");
      assertThat(Sql.rows("SELECT kek_key_id FROM credentials WHERE connection_id = '" + later + "'"))
          .containsExactly(Long.toString(newKey));

      String output = cli("rewrap", "--batch-size", "2");
      assertThat(output).contains("rewrap: 2/5 rows", "rewrap: 4/5 rows", "rewrap: 5/5 rows (100%)")
          .contains("5 of 5 rows now under key " + newKey);
      assertThat(Sql.count("SELECT count(*) FROM credentials WHERE kek_key_id <> " + newKey)).isZero();
      assertAllVend(conduit, owners, connections);

      assertThat(cli("rewrap")).contains("0 of 0 rows");
    }

    removeKey(oldKey);
    try (TestConduit conduit = start()) {
      assertAllVend(conduit, owners, connections);
      assertThat(conduit.vend(TestConduit.token("frank"), Sql.rows(
          "SELECT id FROM connections WHERE owner = 'frank'").get(0)).status()).isEqualTo(200);
    }
  }

  @Test
  void anInterruptedRewrapResumesAndTouchesEachRowOnce() throws Exception {
    try (TestConduit conduit = start()) {
      for (int i = 0; i < 7; i++) {
        String id = conduit.createConnection(TestConduit.token("alice"), "stripe");
        conduit.deposit(TestConduit.token("alice"), id, "{\"kind\":\"api_key\",\"apiKey\":\"k" + i + "\"}");
      }
    }
    cli("keys", "rotate");
    EnvelopeSealer sealer = new EnvelopeSealer(VaultKeys.parse(Files.readString(keysetFile)));
    DatabaseUrl database = TestDatabase.url();
    try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      Rewrapper rewrapper = new Rewrapper(jdbc, sealer, 3);
      assertThatThrownBy(() -> rewrapper.run((done, total, rate) -> {
        throw new IllegalStateException("killed after the first batch");
      })).hasMessageContaining("killed");
      assertThat(rewrapper.remaining()).isEqualTo(4);

      Rewrapper.Result resumed = rewrapper.run((done, total, rate) -> { });
      assertThat(resumed.total()).isEqualTo(4);
      assertThat(resumed.rewrapped()).isEqualTo(4);
      assertThat(rewrapper.remaining()).isZero();
    }
    try (TestConduit conduit = start()) {
      for (String id : Sql.rows("SELECT id FROM connections")) {
        assertThat(conduit.vend(TestConduit.token("alice"), id).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void withoutTheOldKeyUnrewrappedRowsReportThemselvesInsteadOfVanishing() throws Exception {
    try (TestConduit conduit = start()) {
      String id = conduit.createConnection(TestConduit.token("alice"), "stripe");
      conduit.deposit(TestConduit.token("alice"), id, "{\"kind\":\"api_key\",\"apiKey\":\"k\"}");
    }
    long oldKey = primaryKeyId();
    cli("keys", "rotate");
    removeKey(oldKey);

    // the server refuses the keyset outright; rewrap still reports the row instead of skipping it silently
    assertThatThrownBy(this::start)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("1 sealed rows are under key " + oldKey + ", which this keyset does not hold");
    assertThat(cli("rewrap")).contains("1 rows do not open with this keyset");
  }

  private TestConduit start() {
    return TestConduit.start(Map.of("CONDUIT_VAULT_KEYSET", keysetFile.toString()));
  }

  private static void assertAllVend(TestConduit conduit, List<String> owners, List<String> connections) {
    for (int i = 0; i < owners.size(); i++) {
      TestConduit.Response vended = conduit.vend(TestConduit.token(owners.get(i)), connections.get(i));
      assertThat(vended.status()).as(vended.body()).isEqualTo(200);
      assertThat(vended.json().getJsonObject("data").getJsonObject("attributes").getString("apiKey"))
          .isEqualTo("key-of-" + owners.get(i));
    }
  }

  private String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = configFile.toString();
    commandLine.execute(withConfig);
    return out + err.toString();
  }

  private long primaryKeyId() throws Exception {
    return Integer.toUnsignedLong(VaultKeys.parse(Files.readString(keysetFile)).getPrimary().getId());
  }

  private void removeKey(long keyId) throws Exception {
    KeysetHandle keyset = VaultKeys.parse(Files.readString(keysetFile));
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    for (int i = 0; i < keyset.size(); i++) {
      if (Integer.toUnsignedLong(keyset.getAt(i).getId()) == keyId) {
        builder.deleteAt(i);
        break;
      }
    }
    Files.writeString(keysetFile, TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(),
        InsecureSecretKeyAccess.get()));
  }
}
