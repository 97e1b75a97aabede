package dev.conduit.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar conduit.jar [command]}: the CLI. With no command it runs the server. */
@Command(
    name = "conduit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Conduit: a multi-tenant connector platform. It keeps a catalog of API providers, lets each owner "
            + "connect accounts, seals their tokens in an envelope-encrypted vault and hands out live tokens.",
        "",
        "With no command, runs the server (same as 'serve')."},
    subcommands = {
        ServeCommand.class,
        TokenCommand.class,
        KeysCommand.class,
        MigrateCommand.class,
        RewrapCommand.class,
        CatalogCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      if (e instanceof StartupException || e instanceof ConfigException) {
        cmd.getErr().println(cmd.getColorScheme().errorText("conduit: " + e.getMessage()));
        return 2;
      }
      throw e;
    });
    return commandLine;
  }

  @CommandLine.Mixin
  ConfigOption config = new ConfigOption();

  @Override
  public void run() {
    ServeCommand.serve(config);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"conduit " + (version == null ? "development build" : version)};
    }
  }
}
