package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.vault.VaultKeys;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

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

    assertThat(out.toString()).contains("serve", "token", "keys", "migrate", "Conduit");
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

    assertThat(err.toString()).contains("--ttl: expected a duration such as 30m, 12h, 7d or PT1H, got 'soon'");
  }

  @Test
  void tokenParsesShortAndIsoDurations() {
    TokenCommand command = new TokenCommand();
    command.spec = new CommandLine(command).getCommandSpec();

    assertThat(command.parseDuration("90s").toSeconds()).isEqualTo(90);
    assertThat(command.parseDuration("12h").toHours()).isEqualTo(12);
    assertThat(command.parseDuration("7d").toDays()).isEqualTo(7);
    assertThat(command.parseDuration("PT30M").toMinutes()).isEqualTo(30);
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
