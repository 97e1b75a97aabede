package dev.conduit.app;

import dev.conduit.core.config.AuthConfig;
import dev.conduit.core.config.ConduitConfig;
import dev.conduit.store.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where this process gets its database and secrets. With no {@code database.url} it is the development setup:
 * an embedded PostgreSQL and a generated keyset and JWT secret under {@code database.embedded-dir}. With a URL,
 * everything must be configured explicitly, and a missing setting is named.
 */
final class Deployment implements AutoCloseable {

  private final ConduitConfig config;
  private final DevelopmentSetup development;
  private EmbeddedDatabase embedded;

  private Deployment(ConduitConfig config, DevelopmentSetup development) {
    this.config = config;
    this.development = development;
  }

  static Deployment of(ConduitConfig config) {
    return new Deployment(config, config.database().embedded()
        ? new DevelopmentSetup(Path.of(config.database().embeddedDir()))
        : null);
  }

  boolean isDevelopment() {
    return development != null;
  }

  Path developmentHome() {
    return development == null ? null : development.home();
  }

  /**
   * For the development banner: where the keyset, the JWT secret and the embedded database came from in this start
   * (generated now or reused from the home directory; paths only, never a secret).
   */
  List<String> developmentReport() {
    if (!isDevelopment()) {
      return List.of();
    }
    return List.of(
        "vault keyset: " + describe(DevelopmentSetup.KEYSET_FILE, "set by vault.keyset"),
        "JWT secret: " + describe(DevelopmentSetup.JWT_SECRET_FILE,
            "set by auth.hs256-secret, auth.public-key or auth.jwks-url"),
        "embedded PostgreSQL: " + describe(DevelopmentSetup.POSTGRES_DIR, "not started"));
  }

  private String describe(String name, String otherwise) {
    Path path = development.home().resolve(name).toAbsolutePath();
    return development.provenance(name)
        .map(provenance -> switch (provenance) {
          case GENERATED -> "generated now in " + path;
          case REUSED -> "reused from " + path;
        })
        .orElse(otherwise);
  }

  /** Checks, before anything starts, that a non-development deployment names its keyset and JWT keys. */
  void requireServerSettings() {
    if (isDevelopment()) {
      return;
    }
    if (isBlank(config.vault().keyset())) {
      throw new StartupException("vault.keyset is not set (CONDUIT_VAULT_KEYSET): with database.url set, Conduit"
          + " needs an explicit vault keyset (Tink JSON or a file path); generate one with `conduit keys generate`");
    }
    if (!config.auth().hasAnyKeySource()) {
      throw new StartupException("no JWT verification key is configured: with database.url set, set one of"
          + " auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET), auth.public-key (CONDUIT_AUTH_PUBLIC_KEY) or"
          + " auth.jwks-url (CONDUIT_AUTH_JWKS_URL)");
    }
  }

  /**
   * The database, starting the embedded one in the development setup; a configured one is checked to answer, so
   * that an unreachable database stops start-up with one line naming it.
   */
  DatabaseUrl openDatabase() {
    if (!isDevelopment()) {
      DatabaseUrl database;
      try {
        database = DatabaseUrl.parse(config.database().url());
      } catch (IllegalArgumentException e) {
        throw new StartupException("database.url: " + e.getMessage());
      }
      DatabaseReachability.require(database);
      return database;
    }
    if (embedded == null) {
      embedded = EmbeddedDatabase.start(development.home(), development.lockFile(), development.postgresDirectory());
    }
    return embedded.url();
  }

  /**
   * Calls {@code action} with a sentence saying what happened if the embedded PostgreSQL exits under a running
   * Conduit. A configured database is not watched: it may come back, and requests fail until it does.
   */
  void onEmbeddedDatabaseLost(Consumer<String> action) {
    if (embedded != null) {
      embedded.onUnexpectedExit(action);
    }
  }

  /** The configured keyset, or in the development setup the generated one. */
  String vaultKeyset() {
    if (!isBlank(config.vault().keyset()) || !isDevelopment()) {
      return config.vault().keyset();
    }
    return development.vaultKeyset();
  }

  /** The file the keyset lives in, when it is one (a path in vault.keyset, or the development keyset). */
  Optional<Path> keysetFile() {
    String configured = config.vault().keyset();
    if (isBlank(configured)) {
      if (!isDevelopment()) {
        return Optional.empty();
      }
      development.vaultKeyset();
      return Optional.of(development.home().resolve(DevelopmentSetup.KEYSET_FILE));
    }
    return configured.strip().startsWith("{") ? Optional.empty() : Optional.of(Path.of(configured.strip()));
  }

  /**
   * The configured JWT settings, with a public key given as a file path read into its PEM text; the development
   * setup adds its generated HS256 secret when no key is configured.
   */
  AuthConfig auth() {
    AuthConfig auth = config.auth();
    String publicKey = publicKeyPem(auth.publicKey());
    String secret = auth.hasAnyKeySource() || !isDevelopment() ? auth.hs256Secret() : development.jwtSecret();
    return new AuthConfig(secret, publicKey, auth.jwksUrl(), auth.jwksRefetchInterval(), auth.issuer(), auth.audience(),
        auth.ownerClaim(),
        auth.algorithms(), auth.clockSkew());
  }

  private static String publicKeyPem(String pemOrPath) {
    if (isBlank(pemOrPath) || pemOrPath.strip().startsWith("-----BEGIN")) {
      return pemOrPath;
    }
    try {
      return Files.readString(Path.of(pemOrPath.strip()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new StartupException("auth.public-key: cannot read the key file " + pemOrPath.strip());
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
