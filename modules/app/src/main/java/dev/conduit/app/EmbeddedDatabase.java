package dev.conduit.app;

import dev.conduit.store.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The development default: a real PostgreSQL from embedded binaries whose data directory lives under
 * {@code .conduit/} and is kept across restarts. Unlike a test database it runs with fsync on, because what
 * a developer stored should survive a crash too.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDirectory) {
    try {
      return new EmbeddedDatabase(EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setServerConfig("fsync", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setPGStartupWait(STARTUP_WAIT)
          .start());
    } catch (IllegalStateException e) {
      throw new StartupException("the embedded PostgreSQL in " + dataDirectory
          + " is in use by another process (is another Conduit running from this directory?)");
    } catch (IOException e) {
      throw new StartupException("the embedded PostgreSQL in " + dataDirectory + " did not start: " + e.getMessage());
    }
  }

  DatabaseUrl url() {
    return DatabaseUrl.local(postgres.getPort(), "postgres", "postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new StartupException("the embedded PostgreSQL did not stop cleanly: " + e.getMessage());
    }
  }
}
