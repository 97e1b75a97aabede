package dev.conduit.app;

import dev.conduit.store.DatabaseRoles;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.vault.EnvelopeSealer;
import dev.conduit.vault.Rewrapper;
import dev.conduit.vault.VaultKeys;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rewrap",
    mixinStandardHelpOptions = true,
    description = {
        "Re-wrap every stored data key with the vault keyset's current primary key (after 'keys rotate'). Only "
            + "the wrapped keys change. Safe to run while Conduit serves from an external database, safe to stop "
            + "and run again: it only touches rows still under an older key.",
        "",
        "In the development setup the embedded database belongs to the running server: stop it first."})
final class RewrapCommand implements Runnable {

  @Mixin
  ConfigOption config = new ConfigOption();

  @Option(names = "--batch-size", defaultValue = "500", paramLabel = "N",
      description = "Rows per transaction. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    try (Deployment deployment = Deployment.of(config.load().config())) {
      EnvelopeSealer sealer;
      try {
        sealer = new EnvelopeSealer(VaultKeys.load(deployment.vaultKeyset()));
      } catch (VaultKeys.InvalidKeysetException e) {
        throw new StartupException(e.getMessage());
      }
      DatabaseUrl database = deployment.openDatabase();
      PrintWriter out = spec.commandLine().getOut();
      try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        // as the system role: row-level security is forced, and owning the tables shows no row by itself
        DatabaseRoles.takeSystemRole(jdbc);
        Rewrapper.Result result = new Rewrapper(jdbc, sealer, batchSize).run((done, total, rate) ->
            out.printf("rewrap: %d/%d rows (%.0f%%), %.0f rows/s%n", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate));
        out.printf("rewrap done: %d of %d rows now under key %d%n", result.rewrapped(), result.total(),
            sealer.primaryKeyId());
        if (result.changedMeanwhile() > 0) {
          out.printf("%d rows changed while being re-wrapped; run rewrap again to catch any still under an old key%n",
              result.changedMeanwhile());
        }
        if (result.unopenable() > 0) {
          throw new StartupException(result.unopenable() + " rows do not open with this keyset; keep their keys");
        }
      } catch (SQLException e) {
        throw new StartupException("rewrap failed: " + e.getMessage());
      }
    }
  }
}
