package dev.etcdj.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Debian's real etcdctl 3.4 (ETCDCTL_API=3) against an endpoint. */
final class Etcdctl {
  static final Path BINARY = Path.of("/usr/bin/etcdctl");

  record Result(int exitCode, String stdout, String stderr) {}

  private Etcdctl() {}

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static Result runWithInput(String endpoint, String stdin, String... args) {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--endpoints", endpoint));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(Map.of("ETCDCTL_API", "3"));
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("etcdctl " + args[0] + " did not finish");
      }
      return new Result(p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts etcdctl in the background with its output (both streams) going to {@code out}. */
  static Process spawn(String endpoint, Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--endpoints", endpoint));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("ETCDCTL_API", "3");
    return pb.start();
  }

  static Result run(String endpoint, String... args) {
    return runWithInput(endpoint, null, args);
  }
}
