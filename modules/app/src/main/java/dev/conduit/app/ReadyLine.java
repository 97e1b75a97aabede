package dev.conduit.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one line a person reads once the server is up: where it listens, the exact command that gets a token for
 * it, and where its API document is.
 */
final class ReadyLine {

  /** The owner the example command names; any id works. */
  static final String EXAMPLE_OWNER = "alice";

  private ReadyLine() {
  }

  /**
   * @param signsWithHs256 whether the server accepts HS256 tokens, i.e. whether {@code token} can sign for it
   * @param configFile the --config file the server was started with, which {@code token} needs too; may be null
   */
  static String text(String baseUrl, boolean signsWithHs256, Path configFile) {
    String tokens = signsWithHs256
        ? "get a token: " + tokenCommand(configFile)
        : "tokens come from your identity provider (auth.public-key or auth.jwks-url)";
    return "Conduit ready on " + baseUrl + "; " + tokens + "; API document: " + baseUrl + "/openapi.yaml";
  }

  static String tokenCommand(Path configFile) {
    String command = "java -jar " + quoted(jarPath()) + " token --owner " + EXAMPLE_OWNER;
    return configFile == null ? command : command + " --config " + quoted(configFile.toString());
  }

  /** The jar this runs from, relative to the working directory when it is inside it; else the plain jar name. */
  private static String jarPath() {
    try {
      Path location = Path.of(ReadyLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
        return "conduit.jar";
      }
      Path workingDirectory = Path.of("").toAbsolutePath();
      Path jar = location.toAbsolutePath().normalize();
      return jar.startsWith(workingDirectory) ? workingDirectory.relativize(jar).toString() : jar.toString();
    } catch (URISyntaxException | RuntimeException e) {
      return "conduit.jar";
    }
  }

  private static String quoted(String path) {
    return path.matches("[A-Za-z0-9_./:\\\\-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
  }
}
