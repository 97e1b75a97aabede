package dev.conduit.bench;

import java.io.IOException;
import java.util.List;

/**
 * Gives one party a CPU of its own (the last), as in a deployment where it runs on a machine of its own; the others
 * share the remaining CPUs. Uses Linux's {@code taskset}; new threads and new PostgreSQL backends inherit the
 * affinity of the thread or postmaster that starts them.
 */
enum CpuSplit {

  /** The server alone; its PostgreSQL and this benchmark's process (load generator, provider) on the others. */
  SERVER,
  /** The server's PostgreSQL alone; the server and this benchmark's process on the others. */
  DATABASE;

  /** Read before this process pins itself: afterwards the JVM sees only the CPUs left to it. */
  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  void apply(ServerProcess server) throws IOException, InterruptedException {
    if (CPUS < 2) {
      throw new IllegalStateException("--split-cpus needs at least two CPUs; this machine has " + CPUS);
    }
    String alone = Integer.toString(CPUS - 1);
    String others = CPUS == 2 ? "0" : "0-" + (CPUS - 2);
    pin(server.pid(), this == SERVER ? alone : others);
    for (long postgres : server.postgresPids()) {
      pin(postgres, this == DATABASE ? alone : others);
    }
    pin(ProcessHandle.current().pid(), others);
    System.out.printf("CPU split: %s on CPU %s; the rest on CPU %s%n",
        this == SERVER ? "the server" : "its PostgreSQL", alone, others);
  }

  private static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Process taskset = new ProcessBuilder(List.of("taskset", "--all-tasks", "--cpu-list", "--pid", cpus,
        Long.toString(pid))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset could not pin process " + pid + " to CPU " + cpus);
    }
  }
}
