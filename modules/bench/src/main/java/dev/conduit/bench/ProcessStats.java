package dev.conduit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** CPU time and resident memory of processes, read from Linux's /proc. */
final class ProcessStats {

  /** Kernel clock ticks per second ({@code getconf CLK_TCK}); 100 on every mainstream Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStats() {
  }

  /** User plus system CPU seconds used so far by the processes. */
  static double cpuSeconds(List<Long> pids) {
    double seconds = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      } catch (IOException | RuntimeException gone) {
        // a process that ended no longer counts
      }
    }
    return seconds;
  }

  /** Resident set size in MiB. */
  static double rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException gone) {
      // fall through
    }
    return 0;
  }

  /** The PostgreSQL server processes whose command line names {@code dataDirectory}, with their backends. */
  static List<Long> postgresProcesses(Path dataDirectory) {
    List<Long> postmasters = new ArrayList<>();
    List<long[]> all = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        long pid = Long.parseLong(p.getFileName().toString());
        try {
          String cmdline = Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
          String stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
          long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
          all.add(new long[] {pid, parent});
          if (cmdline.contains("postgres") && cmdline.contains(dataDirectory.toString())) {
            postmasters.add(pid);
          }
        } catch (IOException | RuntimeException gone) {
          // raced with an exiting process
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    List<Long> result = new ArrayList<>(postmasters);
    for (long[] process : all) {
      if (postmasters.contains(process[1])) {
        result.add(process[0]);
      }
    }
    return result;
  }
}
