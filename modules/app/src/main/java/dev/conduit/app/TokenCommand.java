package dev.conduit.app;

import dev.conduit.core.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
        "Print a JWT for an owner, signed with the configured HS256 secret (the same one 'serve' uses; "
            + "in the development setup, the one generated under .conduit/). For development and tests.",
        "",
        "Example: TOKEN=$(java -jar conduit.jar token --owner alice)"})
final class TokenCommand implements Runnable {

  @Mixin
  ConfigOption config = new ConfigOption();

  @Option(names = "--owner", required = true, paramLabel = "ID", description = "The owner (tenant) the token acts for.")
  String owner;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
      description = "How long the token is valid: 30m, 12h, 7d or ISO-8601 (PT1H). Default: ${DEFAULT-VALUE}.")
  String ttl;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    if (owner.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--owner must not be empty");
    }
    Duration lifetime = parseDuration(ttl);
    AuthConfig auth = Deployment.of(config.load().config()).auth();
    if (auth.hs256Secret() == null || auth.hs256Secret().isBlank()) {
      throw new StartupException("token needs auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET): this deployment"
          + " verifies tokens with public keys, so mint them with your identity provider instead");
    }
    spec.commandLine().getOut().println(sign(auth, lifetime));
  }

  private String sign(AuthConfig auth, Duration lifetime) {
    return mint(auth.hs256Secret(), auth.ownerClaim(), auth.issuer(), auth.audience(), owner, lifetime);
  }

  /** An HS256 JWT naming {@code owner} in {@code ownerClaim}, with iss and aud when given (may be blank). */
  static String mint(String secret, String ownerClaim, String issuer, String audience, String owner,
      Duration lifetime) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
      JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) lifetime.toSeconds());
      if (issuer != null && !issuer.isBlank()) {
        options.setIssuer(issuer);
      }
      if (audience != null && !audience.isBlank()) {
        options.setAudience(List.of(audience));
      }
      return jwt.generateToken(new JsonObject().put(ownerClaim, owner), options);
    } finally {
      vertx.close();
    }
  }

  /** {@code 30m}, {@code 12h}, {@code 7d}, {@code 90s} or an ISO-8601 duration; positive, at most a year. */
  Duration parseDuration(String text) {
    Duration duration;
    try {
      String value = text.strip().toLowerCase(Locale.ROOT);
      if (value.startsWith("p")) {
        duration = Duration.parse(value.toUpperCase(Locale.ROOT));
      } else {
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        duration = switch (value.charAt(value.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          case 'd' -> Duration.ofDays(amount);
          default -> throw new IllegalArgumentException();
        };
      }
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(),
          "--ttl: expected a duration such as 30m, 12h, 7d or PT1H, got '" + text + "'");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(366)) > 0) {
      throw new ParameterException(spec.commandLine(), "--ttl: expected a positive duration of at most 366 days");
    }
    return duration;
  }
}
