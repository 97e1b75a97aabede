package dev.conduit.app;

import dev.conduit.vault.VaultKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the vault's key-encryption keyset.",
    subcommands = KeysCommand.Generate.class)
final class KeysCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
          "Print a new vault keyset (Tink JSON, one AES256_GCM primary key). Keep it secret; give it to "
              + "Conduit as CONDUIT_VAULT_KEYSET (the JSON itself or a file path).",
          "",
          "Example: java -jar conduit.jar keys generate > keyset.json && chmod 400 keyset.json"})
  static final class Generate implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(VaultKeys.generate());
    }
  }
}
