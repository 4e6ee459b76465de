package dev.etcdj.server.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;

/**
 * The process_* metrics Prometheus' process collector exports for etcd (read from Linux's
 * {@code /proc/self}); {@code etcdctl check datascale} reads process_resident_memory_bytes.
 * Elsewhere than Linux they read 0.
 */
public final class ProcessMetrics {
  private static final double CLOCK_TICKS = 100;
  private static final double PAGE_SIZE = 4096;

  private ProcessMetrics() {}

  public static void register(Metrics registry) {
    registry.gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "",
        () -> stat(f -> (Long.parseLong(f[13]) + Long.parseLong(f[14])) / CLOCK_TICKS));
    registry.gauge("process_open_fds", "Number of open file descriptors.", "", ProcessMetrics::openFds);
    registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "",
        () -> stat(f -> Long.parseLong(f[23]) * PAGE_SIZE));
    registry.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "",
        () -> stat(f -> Long.parseLong(f[22])));
  }

  /** The fields of /proc/self/stat after the command name, numbered as in proc(5) from 0. */
  private static double stat(ToDoubleFunction<String[]> field) {
    try {
      String s = Files.readString(Path.of("/proc/self/stat"));
      String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
      String[] fields = new String[rest.length + 2];
      System.arraycopy(rest, 0, fields, 2, rest.length);
      return field.applyAsDouble(fields);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double openFds() {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
