package dev.conduit.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Conduit in a JVM of its own, started the way an operator starts one ({@code dev.conduit.app.Main} with
 * {@code CONDUIT_*} variables) on the test database. It exists to be stopped as only a process can be: killed as a
 * crash kills (SIGKILL, so no shutdown hook, no undeploy and no last write to the database — which
 * {@link TestConduit#close()} cannot show, since a clean stop lets refreshes and deliveries in flight finish or give
 * their claims back), or terminated as an orchestrator stops it (SIGTERM: the graceful stop).
 */
final class ConduitProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ConduitProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts it with the test database and {@code overrides} in its environment; its output goes to {@code log}. */
  static ConduitProcess start(Map<String, String> overrides, Path log) {
    Map<String, String> environment = TestConduit.environment(TestConduit.freePort());
    environment.putAll(overrides);
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // a short-lived server on a busy machine: the quick JIT tier starts it sooner
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("CONDUIT_"));
    builder.environment().putAll(environment);
    try {
      return new ConduitProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills it with SIGKILL and returns once it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the Conduit process did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends SIGTERM (what an orchestrator sends to stop it) and returns at once. */
  void terminate() {
    process.destroy();
  }

  /** Whether it still runs (neither killed, nor exited after a SIGTERM). */
  boolean alive() {
    return process.isAlive();
  }

  /** Waits up to {@code patience} for it to end on its own, and returns its exit status. */
  int awaitExit(Duration patience) {
    try {
      if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the Conduit process still runs after " + patience + "; it printed:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What it printed, for failure messages. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
