package dev.conduit.app;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Conduit that died without stopping its embedded PostgreSQL ({@code kill -9}, a crash) left in the data
 * directory. That PostgreSQL keeps running and keeps its {@code postmaster.pid}, and a new one refuses to start
 * beside it. Called with the development home's {@link DirectoryLock} held, so no live Conduit uses it: a
 * PostgreSQL still running on the directory is stopped (cleanly, so what it committed stays), and a pid file whose
 * process id now belongs to another program is removed (PostgreSQL would take that program for a live server).
 * A pid file whose process is gone needs nothing: PostgreSQL replaces it itself.
 */
final class OrphanedPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
  private static final long STOP_WAIT_SECONDS = 30;

  private OrphanedPostgres() {
  }

  static void clear(Path dataDirectory) {
    Optional<PostmasterPid> pidFile = PostmasterPid.read(dataDirectory);
    Optional<ProcessHandle> process = pidFile.flatMap(PostmasterPid::process);
    if (process.isEmpty()) {
      return;
    }
    if (isPostgresOn(process.get(), dataDirectory)) {
      stop(process.get(), dataDirectory);
      LOG.warn("found the embedded PostgreSQL (pid {}) still running on {}, left by a Conduit that stopped without"
          + " shutting it down (killed?); stopped it cleanly and starting a new one", process.get().pid(),
          dataDirectory.toAbsolutePath());
    } else {
      try {
        Files.deleteIfExists(pidFile.get().file());
      } catch (IOException e) {
        throw new StartupException("cannot remove the stale " + pidFile.get().file().toAbsolutePath() + ": "
            + e.getMessage());
      }
      LOG.warn("removed a stale {} from {}: its process id {} now belongs to another program", PostmasterPid.FILE,
          dataDirectory.toAbsolutePath(), process.get().pid());
    }
  }

  /**
   * A {@code postgres} executable whose {@code -D} is this directory. When the system does not show a process's
   * arguments, the executable's name has to do: the directory is the owner's alone, so no other user's PostgreSQL
   * can run on it.
   */
  private static boolean isPostgresOn(ProcessHandle process, Path dataDirectory) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command()
        .map(command -> Path.of(command).getFileName().toString())
        .filter(name -> name.equals("postgres") || name.equals("postgres.exe"))
        .isPresent();
    if (!postgres) {
      return false;
    }
    return info.arguments().map(arguments -> dataDirectoryArgument(List.of(arguments))
            .map(directory -> sameDirectory(directory, dataDirectory))
            .orElse(false))
        .orElse(true);
  }

  private static Optional<String> dataDirectoryArgument(List<String> arguments) {
    int flag = arguments.indexOf("-D");
    return flag < 0 || flag + 1 >= arguments.size() ? Optional.empty() : Optional.of(arguments.get(flag + 1));
  }

  private static boolean sameDirectory(String argument, Path dataDirectory) {
    try {
      return Files.isSameFile(Path.of(argument), dataDirectory);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code pg_ctl stop} stopped it. */
  private static boolean stopWith(Path pgCtl, Path dataDirectory) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // as zonky runs it, in a user namespace of its own: pg_ctl refuses to run as root
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(pgCtl.toString(), "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w",
        "-t", Long.toString(STOP_WAIT_SECONDS)));
    try {
      Process pgCtlStop = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!pgCtlStop.waitFor(STOP_WAIT_SECONDS + 5, TimeUnit.SECONDS)) {
        pgCtlStop.destroyForcibly();
        return false;
      }
      return pgCtlStop.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Its own {@code pg_ctl stop -m fast}: sessions are ended and the server shuts down as cleanly as on a normal
   * stop. Where that fails ({@code pg_ctl} not beside the executable, say), SIGTERM: PostgreSQL's smart shutdown.
   */
  private static void stop(ProcessHandle process, Path dataDirectory) {
    Optional<Path> pgCtl = process.info().command()
        .map(command -> Path.of(command).resolveSibling(command.endsWith(".exe") ? "pg_ctl.exe" : "pg_ctl"))
        .filter(Files::isExecutable);
    if (pgCtl.isEmpty() || !stopWith(pgCtl.get(), dataDirectory)) {
      process.destroy();
    }
    try {
      process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new StartupException("the embedded PostgreSQL (pid " + process.pid() + ") left running on "
          + dataDirectory.toAbsolutePath() + " by an earlier Conduit did not stop within " + STOP_WAIT_SECONDS
          + " s; stop it (kill " + process.pid() + ") and start again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while stopping the embedded PostgreSQL left running (pid "
          + process.pid() + ")");
    }
  }
}
