package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.vault.VaultKeys;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpNamesEveryCommand() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString()).contains("serve", "token", "keys", "migrate", "catalog", "Conduit");
  }

  @Test
  void aGroupNamedAloneListsItsSubcommands() {
    assertThat(run("keys")).isZero();
    assertThat(run("catalog")).isZero();

    assertThat(out.toString()).contains("generate", "rotate", "check", "list");
  }

  @Test
  void keysGeneratePrintsAUsableKeyset() {
    assertThat(run("keys", "generate")).isZero();

    assertThat(VaultKeys.parse(out.toString().strip()).size()).isEqualTo(1);
  }

  @Test
  void tokenRequiresAnOwner() {
    assertThat(run("token")).isNotZero();

    assertThat(err.toString()).contains("--owner");
  }

  @Test
  void aBadTtlIsExplained() {
    assertThat(run("token", "--owner", "alice", "--ttl", "soon")).isNotZero();

    assertThat(err.toString()).contains("--ttl: expected a duration such as 90s, 5m, 12h, 7d or ISO-8601 PT5M, got 'soon'");
  }

  @Test
  void tokenRefusesWhereNoSecretExistsSaysWhereToRunItAndMakesNone() throws Exception {
    Path home = dir.resolve(".conduit");

    int exitCode = run("token", "--owner", "alice", "--config", configFile(home).toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("conduit: no JWT secret here: auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET) is not set and there is"
            + " no development secret " + home.resolve(DevelopmentSetup.JWT_SECRET_FILE))
        .contains("Run token in the directory where 'serve' runs")
        .contains("token never makes a secret");
    assertThat(home).doesNotExist();
  }

  @Test
  void tokenSignsWithTheSecretAnEarlierStartGenerated() throws Exception {
    Path home = dir.resolve(".conduit");
    String secret = new DevelopmentSetup(home).jwtSecret();

    assertThat(run("token", "--owner", "alice", "--ttl", "5m", "--config", configFile(home).toString())).isZero();

    String[] parts = out.toString().strip().split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(claims.getString("sub")).isEqualTo("alice");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(300);
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(hmac(secret, parts[0] + "." + parts[1]));
    assertThat(Files.readString(home.resolve(DevelopmentSetup.JWT_SECRET_FILE)).strip()).isEqualTo(secret);
  }

  @Test
  void aTtlWithoutAUnitOrOutOfRangeIsExplained() {
    assertThat(run("token", "--owner", "alice", "--ttl", "300")).isNotZero();
    assertThat(run("token", "--owner", "alice", "--ttl", "500ms")).isNotZero();
    assertThat(run("token", "--owner", "alice", "--ttl", "400d")).isNotZero();

    assertThat(err.toString())
        .contains("--ttl: expected a duration such as 90s, 5m, 12h, 7d or ISO-8601 PT5M, got '300'")
        .contains("--ttl: expected a duration from 1s to 366 days, got '500ms'")
        .contains("--ttl: expected a duration from 1s to 366 days, got '400d'");
    assertThat(out.toString()).isEmpty();
  }

  private Path configFile(Path home) throws Exception {
    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "database:\n  embedded-dir: '" + home + "'\n");
    return file;
  }

  private static byte[] hmac(String secret, String input) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void tokenParsesShortAndIsoDurations() {
    TokenCommand command = new TokenCommand();
    command.spec = new CommandLine(command).getCommandSpec();

    assertThat(command.parseDuration("90s").toSeconds()).isEqualTo(90);
    assertThat(command.parseDuration("12h").toHours()).isEqualTo(12);
    assertThat(command.parseDuration("7d").toDays()).isEqualTo(7);
    assertThat(command.parseDuration("PT30M").toMinutes()).isEqualTo(30);
    assertThat(command.parseDuration("5m").toMinutes()).isEqualTo(5);
  }

  @Test
  void tokenIsAnHs256JwtForTheOwnerThatExpires() throws Exception {
    String token = TokenCommand.mint(TestConduit.HS256_SECRET, "sub", "", "", "alice", Duration.ofHours(1));

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(claims.getString("sub")).isEqualTo("alice");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(3600);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestConduit.HS256_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
  }
}
