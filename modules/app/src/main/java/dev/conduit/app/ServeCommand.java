package dev.conduit.app;

import dev.conduit.app.logging.Logs;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Run the Conduit server (the default command).",
        "",
        "Without CONDUIT_DATABASE_URL it starts an embedded PostgreSQL whose data lives under .conduit/ and "
            + "survives restarts, and generates (once) a development vault keyset and JWT secret there.",
        "",
        "With CONDUIT_DATABASE_URL it uses that database and requires CONDUIT_VAULT_KEYSET and a JWT key.",
        "",
        "On SIGTERM or Ctrl-C it stops gracefully within server.shutdown-grace and exits with status 0 (1 if work "
            + "in flight had to be abandoned); exits with status 3 if the embedded PostgreSQL dies under it."})
final class ServeCommand implements Runnable {

  /** The exit status when the embedded PostgreSQL dies under the server (2 is a start-up failure). */
  static final int DATABASE_LOST_EXIT = 3;

  @Mixin
  ConfigOption config = new ConfigOption();

  @Override
  public void run() {
    serve(config);
  }

  /** Starts the server and returns; Vert.x's threads keep the process alive until SIGTERM. */
  static void serve(ConfigOption config) {
    // not a static field: picocli instantiates every command, and a static logger would set up logging (about 500
    // classes, an XML parser among them) for `token` and `--version` too
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    ConfigLoader.Loaded loaded = config.load();
    loaded.warnings().forEach(log::warn);
    ConduitServer server = ConduitServer.start(loaded.config(), System.getenv(), config.chosenFile());
    GracefulShutdown graceful = new GracefulShutdown(server, loaded.config().server());
    AtomicBoolean databaseLost = new AtomicBoolean();
    // SIGTERM and Ctrl-C end here (the JVM runs shutdown hooks for them)
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (databaseLost.get()) {
        // nothing can finish without the database: stop at once, and exit status 3 stands
        server.close();
        return;
      }
      int status = graceful.run();
      Logs.flush();
      // without halt the JVM would exit with 128 + the signal's number; halting skips no hook of ours
      Runtime.getRuntime().halt(status);
    }, "conduit-shutdown"));
    // without its database the server could only log a failure every second; exiting still runs the hook above
    server.onEmbeddedDatabaseLost(reason -> {
      log.error(reason);
      databaseLost.set(true);
      System.exit(DATABASE_LOST_EXIT);
    });
  }
}
