package dev.conduit.app;

import dev.conduit.vault.KeyRotation;
import dev.conduit.vault.VaultKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the vault's key-encryption keyset.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class})
final class KeysCommand extends CommandGroup {


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

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
          "Add a new AES256_GCM key to the configured vault keyset and make it the primary. Older keys stay, so "
              + "everything sealed so far still opens; run 'rewrap' afterwards to move all data keys onto the new "
              + "primary, then the old keys can be removed.",
          "",
          "When vault.keyset names a file (or in the development setup), the file is replaced; when the keyset "
              + "is given inline, the new keyset is printed for you to store.",
          "",
          "With several replicas, give every replica the new keyset before any of them seals with it."})
  static final class Rotate implements Runnable {

    @Mixin
    ConfigOption config = new ConfigOption();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Deployment deployment = Deployment.of(config.load().config());
      Optional<Path> file = deployment.keysetFile();
      String current = deployment.vaultKeyset();
      if (current == null || current.isBlank()) {
        throw new StartupException("vault.keyset is not set (CONDUIT_VAULT_KEYSET): there is no keyset to rotate");
      }
      String rotated;
      try {
        rotated = KeyRotation.rotate(file.isPresent() ? read(file.get()) : current);
      } catch (VaultKeys.InvalidKeysetException e) {
        throw new StartupException(e.getMessage());
      }
      if (file.isEmpty()) {
        spec.commandLine().getOut().println(rotated);
        return;
      }
      replace(file.get(), rotated);
      spec.commandLine().getOut().println("added a new primary key to " + file.get()
          + "; restart Conduit with it, then run 'rewrap'");
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new StartupException("cannot read the keyset file " + file);
      }
    }

    /** Writes beside the file and moves over it, so a crash never leaves half a keyset. */
    private static void replace(Path file, String content) {
      try {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".keyset", ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new StartupException("cannot replace the keyset file " + file + ": " + e.getMessage());
      }
    }
  }
}
