package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs our packaged command-line tools (bin/etcdctl, bin/etcdutl) as real processes. */
final class OurTools {
  private OurTools() {}

  static Path binary(String tool) {
    return ServerProcess.ourEtcd().resolveSibling(tool);
  }

  static Etcdctl.Result etcdctl(String endpoint, String... args) {
    List<String> cmd = new ArrayList<>(List.of("--endpoints", endpoint));
    cmd.addAll(List.of(args));
    return run("etcdctl", 180, cmd, java.util.Map.of());
  }


  static Etcdctl.Result etcdutl(String... args) {
    return run("etcdutl", 120, List.of(args), java.util.Map.of());
  }

  static final java.util.Map<String, String> API_V2 = java.util.Map.of("ETCDCTL_API", "2");

  /**
   * Starts {@code ETCDCTL_API=2 etcdctl backup --with-v3} of a running member's data dir and returns once it
   * waits, as etcd's does, for the member to release {@code lockedFile}; its output goes to {@code log}.
   */
  static Process backupWaitingForTheMember(Path dir, Path backupDir, Path lockedFile, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(binary("etcdctl").toString(), "backup",
        "--data-dir", dir.toString(), "--backup-dir", backupDir.toString(), "--with-v3")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(API_V2);
    Process backup = pb.start();
    String waiting = " I | waiting to acquire lock on " + lockedFile + "\n";
    while (backup.isAlive() && !Files.readString(log).contains(waiting)) {
      Thread.sleep(50);
    }
    assertTrue(backup.isAlive(), Files.readString(log));
    return backup;
  }

  /** Our etcdctl with {@code ETCDCTL_API=2} against {@code url}. */
  static Etcdctl.Result etcdctlV2(String url, String... args) {
    return etcdctlWithEnv(API_V2, prepend(args, "--endpoints", url));
  }

  /** {@code head} followed by {@code args}. */
  static String[] prepend(String[] args, String... head) {
    String[] all = java.util.Arrays.copyOf(head, head.length + args.length);
    System.arraycopy(args, 0, all, head.length, args.length);
    return all;
  }

  /** Asserts the tool succeeded, showing its output if not. */
  static Etcdctl.Result ok(Etcdctl.Result r) {
    org.junit.jupiter.api.Assertions.assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  /** Runs our etcdctl with extra environment (e.g. ETCDCTL_API=2) and no --endpoints. */
  static Etcdctl.Result etcdctlWithEnv(java.util.Map<String, String> env, String... args) {
    return run("etcdctl", 180, List.of(args), env);
  }

  /** Starts our etcdctl in the background with both streams going to {@code out}. */
  static Process spawnEtcdctl(Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary("etcdctl").toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  private static Etcdctl.Result run(String tool, int timeoutSeconds, List<String> args, java.util.Map<String, String> env) {
    List<String> cmd = new ArrayList<>(List.of(binary(tool).toString()));
    cmd.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      var err = new java.io.ByteArrayOutputStream();
      Thread pump = new Thread(() -> {
        try {
          p.getErrorStream().transferTo(err);
        } catch (IOException ignored) {
          // the process ended
        }
      });
      pump.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(tool + " " + args + " did not finish");
      }
      pump.join();
      return new Etcdctl.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
