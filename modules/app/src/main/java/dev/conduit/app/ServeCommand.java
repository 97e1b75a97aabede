package dev.conduit.app;

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
        "Stops cleanly on SIGTERM or Ctrl-C; exits with status 3 if the embedded PostgreSQL dies under it."})
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
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping Conduit");
      server.close();
      log.info("Conduit stopped");
    }, "conduit-shutdown"));
    // without its database the server could only log a failure every second; exiting still runs the hook above
    server.onEmbeddedDatabaseLost(reason -> {
      log.error(reason);
      System.exit(DATABASE_LOST_EXIT);
    });
  }
}
