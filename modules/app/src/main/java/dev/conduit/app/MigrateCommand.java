package dev.conduit.app;

import dev.conduit.store.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
        "Apply the database migrations and exit. Uses CONDUIT_DATABASE_URL, or the embedded development "
            + "PostgreSQL under .conduit/ when it is not set."})
final class MigrateCommand implements Runnable {

  @Mixin
  ConfigOption config = new ConfigOption();

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    try (Deployment deployment = Deployment.of(config.load().config())) {
      String version = Migrations.apply(deployment.openDatabase());
      spec.commandLine().getOut().println("database schema is at version " + version);
    } catch (Migrations.Refused e) {
      throw new StartupException(e.getMessage());
    }
  }
}
