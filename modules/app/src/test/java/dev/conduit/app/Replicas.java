package dev.conduit.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Conduit servers one test runs as replicas of one cluster — in this JVM or each in a JVM of its own, so that
 * it can be killed — all stopped after the test.
 */
final class Replicas implements AutoCloseable {

  private final List<AutoCloseable> running = new ArrayList<>();

  /** A replica in this JVM. */
  TestConduit start(Map<String, String> environment) {
    TestConduit replica = TestConduit.start(environment);
    running.add(replica);
    return replica;
  }

  /** A replica in a JVM of its own, logging to {@code log}; it can be killed with SIGKILL. */
  ConduitProcess startProcess(Map<String, String> environment, Path log) {
    ConduitProcess replica = ConduitProcess.start(environment, log);
    running.add(replica);
    return replica;
  }

  /** Stops one replica before the test ends (e.g. one that only set up data). */
  void stop(TestConduit replica) {
    replica.close();
    running.remove(replica);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable replica : running) {
      replica.close();
    }
    running.clear();
  }
}
