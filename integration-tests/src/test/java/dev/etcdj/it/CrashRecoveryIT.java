package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during concurrent writes: after a restart every acknowledged write is there with the
 * value acknowledged (or a later one of the same writer), and revisions still grow.
 */
class CrashRecoveryIT {
  @TempDir
  Path tmp;

  @Test
  void noAcknowledgedWriteIsLostAcrossKill9() throws Exception {
    Path data = tmp.resolve("data");
    int clientPort = ServerProcess.freePort();
    int peerPort = ServerProcess.freePort();
    // a small snapshot count makes the crash also hit WAL release and store flushes
    String[] args = {"--snapshot-count", "500"};
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    long lastRevision;
    try (ServerProcess server = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, args)) {
      Client client = Client.builder().endpoints(server.url()).build();
      KV kv = client.getKVClient();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService writers = Executors.newFixedThreadPool(16);
      for (int w = 0; w < 16; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; running.get(); i++) {
            String key = "w" + writer + "/k" + (i % 50);
            try {
              kv.put(bs(key), bs(Integer.toString(i))).get(10, TimeUnit.SECONDS);
              acked.merge(key, i, Math::max);
            } catch (Exception e) {
              return; // the server died under us
            }
          }
        });
      }
      ServerProcess.sleep(3000);
      lastRevision = kv.get(bs("w0/k0")).get().getHeader().getRevision();
      server.kill9();
      running.set(false);
      writers.shutdown();
      writers.awaitTermination(30, TimeUnit.SECONDS);
      client.close();
    }
    assertTrue(acked.size() > 100, "the writers got going: " + acked.size() + " keys acknowledged");

    try (ServerProcess restarted = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, args);
        Client client = Client.builder().endpoints(restarted.url()).build()) {
      KV kv = client.getKVClient();
      for (Map.Entry<String, Integer> e : acked.entrySet()) {
        var kvs = kv.get(bs(e.getKey())).get().getKvs();
        assertEquals(1, kvs.size(), "acknowledged key " + e.getKey() + " is missing");
        int value = Integer.parseInt(kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
        assertTrue(value >= e.getValue(), e.getKey() + " went back from " + e.getValue() + " to " + value);
      }
      long revision = kv.get(bs("w0/"), GetOption.builder().isPrefix(true).withCountOnly(true).build())
          .get().getHeader().getRevision();
      assertTrue(revision >= lastRevision, "revision went back from " + lastRevision + " to " + revision);
      long next = kv.put(bs("after"), bs("crash")).get().getHeader().getRevision();
      assertEquals(revision + 1, next);
    }
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
