package dev.conduit.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code postmaster.pid} file PostgreSQL keeps in its data directory while it runs: its first line is the
 * postmaster's process id. A file that cannot be parsed names no process.
 */
record PostmasterPid(Path file, long pid) {

  static final String FILE = "postmaster.pid";

  static Optional<PostmasterPid> read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StartupException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    long pid = 0;
    if (!lines.isEmpty() && lines.get(0).strip().matches("[0-9]{1,18}")) {
      pid = Long.parseLong(lines.get(0).strip());
    }
    return Optional.of(new PostmasterPid(file, pid));
  }

  /** The process it names, while that process lives. */
  Optional<ProcessHandle> process() {
    return pid <= 0 ? Optional.empty() : ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }
}
