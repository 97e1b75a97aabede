package dev.conduit.app;

import dev.conduit.store.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The development default: a real PostgreSQL from embedded binaries whose data directory lives under
 * {@code .conduit/} and is kept across restarts. Unlike a test database it runs with fsync and synchronous commit
 * on (zonky's defaults turn the latter off), because what a developer stored should survive a crash too.
 * While it runs, this process holds the development home's {@link DirectoryLock}; at start it stops a PostgreSQL
 * an earlier, killed Conduit left running on the directory.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;
  private final DirectoryLock lock;
  private final Path dataDirectory;
  private final ProcessHandle postmaster;
  private volatile boolean closing;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DirectoryLock lock, Path dataDirectory,
      ProcessHandle postmaster) {
    this.postgres = postgres;
    this.lock = lock;
    this.dataDirectory = dataDirectory;
    this.postmaster = postmaster;
  }

  /** Starts PostgreSQL on {@code dataDirectory}, holding the lock in {@code lockFile} of {@code home}. */
  static EmbeddedDatabase start(Path home, Path lockFile, Path dataDirectory) {
    DirectoryLock lock = DirectoryLock.acquire(lockFile, home);
    try {
      Path absolute = dataDirectory.toAbsolutePath();
      OrphanedPostgres.clear(absolute);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(absolute)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setPGStartupWait(STARTUP_WAIT)
          .start();
      ProcessHandle postmaster = PostmasterPid.read(absolute).flatMap(PostmasterPid::process)
          .orElseThrow(() -> new StartupException("the embedded PostgreSQL in " + absolute
              + " started but keeps no " + PostmasterPid.FILE));
      return new EmbeddedDatabase(postgres, lock, absolute, postmaster);
    } catch (IllegalStateException e) {
      lock.close();
      throw new StartupException("the embedded PostgreSQL in " + dataDirectory
          + " is in use by another process (is another Conduit running from this directory?)");
    } catch (IOException e) {
      lock.close();
      throw new StartupException("the embedded PostgreSQL in " + dataDirectory + " did not start: " + e.getMessage());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  DatabaseUrl url() {
    return DatabaseUrl.local(postgres.getPort(), "postgres", "postgres");
  }

  /**
   * Calls {@code action}, once, with a sentence saying what happened, if PostgreSQL exits while Conduit still
   * needs it (killed, crashed, stopped by hand); not when {@link #close()} stops it.
   */
  void onUnexpectedExit(Consumer<String> action) {
    postmaster.onExit().thenRun(() -> {
      if (!closing) {
        action.accept("the embedded PostgreSQL (pid " + postmaster.pid() + ", data in " + dataDirectory
            + ") exited while Conduit was running; Conduit cannot work without it and stops. Start Conduit again"
            + " to restart it");
      }
    });
  }

  @Override
  public void close() {
    closing = true;
    try {
      // one that already died cannot be stopped: pg_ctl would fail and zonky log it with a stack trace
      if (postmaster.isAlive()) {
        postgres.close();
      }
    } catch (IOException e) {
      throw new StartupException("the embedded PostgreSQL did not stop cleanly: " + e.getMessage());
    } finally {
      lock.close();
    }
  }
}
