package dev.conduit.bench;

import java.io.IOException;
import java.util.List;

/**
 * Gives the server its own CPU, as in a deployment where PostgreSQL and the clients run on machines of their own:
 * the server's JVM on the last CPU; its embedded PostgreSQL and this benchmark's process (the load generator, and
 * the provider where there is one) on the others. Uses Linux's {@code taskset}; new threads and new PostgreSQL
 * backends inherit the affinity of the thread or postmaster that starts them.
 */
final class CpuSplit {

  /** Read before this process pins itself: afterwards the JVM sees only the CPUs left to it. */
  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  private CpuSplit() {
  }

  static void apply(ServerProcess server) throws IOException, InterruptedException {
    int cpus = CPUS;
    if (cpus < 2) {
      throw new IllegalStateException("--split-cpus needs at least two CPUs; this machine has " + cpus);
    }
    String serverCpu = Integer.toString(cpus - 1);
    String others = cpus == 2 ? "0" : "0-" + (cpus - 2);
    pin(server.pid(), serverCpu);
    for (long postgres : server.postgresPids()) {
      pin(postgres, others);
    }
    pin(ProcessHandle.current().pid(), others);
    System.out.printf("CPU split: server on CPU %s; its PostgreSQL and the load generator on CPU %s%n", serverCpu,
        others);
  }

  private static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Process taskset = new ProcessBuilder(List.of("taskset", "--all-tasks", "--cpu-list", "--pid", cpus,
        Long.toString(pid))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset could not pin process " + pid + " to CPU " + cpus);
    }
  }
}
