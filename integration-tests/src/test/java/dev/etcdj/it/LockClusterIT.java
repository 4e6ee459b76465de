package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.lock.LockResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lock and Election services in a three-member cluster: each client talks to one member
 * only, so waits, watches and lease checks run on followers as well as on the leader.
 */
class LockClusterIT {
  @TempDir
  static Path tmp;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void lockExcludesAcrossMembersAndElectionIsObservedEverywhere() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-lock", 3).startAll()) {
      List<Client> clients = new ArrayList<>();
      for (LocalCluster.MemberSpec s : cluster.specs.values()) {
        clients.add(Client.builder().endpoints(s.clientUrl()).build());
      }
      ExecutorService pool = Executors.newFixedThreadPool(clients.size());
      try {
        ByteSequence counter = bs("/cluster-counter");
        clients.get(0).getKVClient().put(counter, bs("0")).get(10, TimeUnit.SECONDS);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        int rounds = 5;
        List<Future<?>> done = new ArrayList<>();
        for (Client c : clients) {
          done.add(pool.submit(() -> {
            long lease = c.getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
            KV kv = c.getKVClient();
            for (int r = 0; r < rounds; r++) {
              LockResponse lock = c.getLockClient().lock(bs("cluster-lock"), lease).get(60, TimeUnit.SECONDS);
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              try {
                long v = Long.parseLong(kv.get(counter).get(10, TimeUnit.SECONDS).getKvs().get(0).getValue()
                    .toString(StandardCharsets.UTF_8));
                kv.put(counter, bs(Long.toString(v + 1))).get(10, TimeUnit.SECONDS);
              } finally {
                inside.decrementAndGet();
                c.getLockClient().unlock(lock.getKey()).get(10, TimeUnit.SECONDS);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(180, TimeUnit.SECONDS);
        }
        assertEquals(Integer.toString(clients.size() * rounds), clients.get(2).getKVClient().get(counter)
            .get(10, TimeUnit.SECONDS).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
        assertEquals(1, maxInside.get());

        // election: campaign on member 0, observe on members 1 and 2
        List<List<String>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        for (int i = 0; i < 2; i++) {
          List<String> into = seen.get(i);
          clients.get(i + 1).getElectionClient().observe(bs("cluster-election"), new Election.Listener() {
            @Override
            public void onNext(LeaderResponse r) {
              into.add(r.getKv().getValue().toString(StandardCharsets.UTF_8));
            }

            @Override
            public void onError(Throwable t) {
              into.add("error " + t);
            }

            @Override
            public void onCompleted() {}
          });
        }
        Thread.sleep(500);
        long lease = clients.get(0).getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
        LeaderKey leader = clients.get(0).getElectionClient().campaign(bs("cluster-election"), lease, bs("x"))
            .get(10, TimeUnit.SECONDS).getLeader();
        clients.get(1).getElectionClient().proclaim(leader, bs("y")).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(seen.get(0).contains("y") && seen.get(1).contains("y")) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertEquals(List.of("x", "y"), seen.get(0));
        assertEquals(List.of("x", "y"), seen.get(1));
        clients.get(2).getElectionClient().resign(leader).get(10, TimeUnit.SECONDS);
        assertTrue(clients.get(2).getKVClient().get(leader.getKey()).get(10, TimeUnit.SECONDS).getKvs().isEmpty());
      } finally {
        pool.shutdownNow();
        clients.forEach(Client::close);
      }
    }
  }
}
