package dev.conduit.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conduit.core.config.AuthConfig;
import dev.conduit.core.config.ConduitConfig;
import dev.conduit.core.config.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints a development JWT. It reads the configuration and at most one file, and signs with the JDK's HMAC: no
 * Vert.x, no database, so it answers about as fast as the JVM starts. It never makes a secret: a token signed with
 * a secret the server does not have would only ever get a 401.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
        "Print a JWT for an owner, signed with the configured HS256 secret (the same one 'serve' uses; "
            + "in the development setup, the one 'serve' generated under .conduit/). For development and tests.",
        "Run it where 'serve' runs (or with the same --config and CONDUIT_* settings). It never makes a secret.",
        "",
        "Example: TOKEN=$(java -jar conduit.jar token --owner alice)"})
final class TokenCommand implements Runnable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SHORTEST = Duration.ofSeconds(1);
  private static final Duration LONGEST = Duration.ofDays(366);

  @Mixin
  ConfigOption config = new ConfigOption();

  @Option(names = "--owner", required = true, paramLabel = "ID", description = "The owner (tenant) the token acts for.")
  String owner;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
      description = "How long the token is valid: 90s, 30m, 12h, 7d or ISO-8601 (PT1H). Default: ${DEFAULT-VALUE}.")
  String ttl;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    if (owner.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--owner must not be empty");
    }
    Duration lifetime = parseDuration(ttl);
    ConduitConfig loaded = config.load().config();
    AuthConfig auth = loaded.auth();
    String secret = secret(loaded);
    spec.commandLine().getOut().println(
        mint(secret, auth.ownerClaim(), auth.issuer(), auth.audience(), owner, lifetime));
  }

  /** The configured secret, or the one the development server generated; refuses where there is neither. */
  private static String secret(ConduitConfig config) {
    AuthConfig auth = config.auth();
    if (auth.hs256Secret() != null && !auth.hs256Secret().isBlank()) {
      return auth.hs256Secret();
    }
    if (auth.hasAnyKeySource()) {
      throw new StartupException("token needs auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET): this deployment"
          + " verifies tokens with public keys, so mint them with your identity provider instead");
    }
    if (!config.database().embedded()) {
      throw new StartupException("token needs auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET), the secret the server"
          + " verifies tokens with; it is not set here");
    }
    Path home = Path.of(config.database().embeddedDir()).toAbsolutePath().normalize();
    return new DevelopmentSetup(home).existingJwtSecret().orElseThrow(() -> new StartupException(
        "no JWT secret here: auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET) is not set and there is no development"
            + " secret " + home.resolve(DevelopmentSetup.JWT_SECRET_FILE) + ". Run token in the directory where"
            + " 'serve' runs (the development server generates its secret under .conduit/ there at its first start),"
            + " or set CONDUIT_AUTH_HS256_SECRET to the server's secret. token never makes a secret: the server"
            + " would refuse tokens signed with one it does not have."));
  }

  /** An HS256 JWT naming {@code owner} in {@code ownerClaim}, with iss and aud when given (may be blank). */
  static String mint(String secret, String ownerClaim, String issuer, String audience, String owner,
      Duration lifetime) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode()
        .put(ownerClaim, owner)
        .put("iat", now)
        .put("exp", now + lifetime.toSeconds());
    if (issuer != null && !issuer.isBlank()) {
      claims.put("iss", issuer);
    }
    if (audience != null && !audience.isBlank()) {
      claims.put("aud", audience);
    }
    String signingInput = base64Url(json(JSON.createObjectNode().put("typ", "JWT").put("alg", "HS256")))
        + "." + base64Url(json(claims));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or an ISO-8601 duration; from a second to 366 days. */
  Duration parseDuration(String text) {
    Duration duration;
    try {
      duration = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--ttl: " + e.getMessage());
    }
    // exp counts whole seconds
    if (duration.compareTo(SHORTEST) < 0 || duration.compareTo(LONGEST) > 0) {
      throw new ParameterException(spec.commandLine(), "--ttl: expected a duration from 1s to 366 days, got '"
          + text + "'");
    }
    return duration;
  }
}
