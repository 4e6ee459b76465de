package dev.etcdj.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Lease checkpoints (etcd's lessor with a checkpointer) against a hand-driven clock. */
class LessorCheckpointTest {
  static final long SEC = TimeUnit.SECONDS.toNanos(1);

  long now = 1_000 * SEC;
  final Lessor lessor = new Lessor(() -> now, 2);

  @Test
  void primaryCheckpointsEachIntervalWithTheRemainingTtlRoundedUp() {
    lessor.enableCheckpoints(5 * SEC);
    lessor.promote(0);
    lessor.grant(1, 60);
    now += 4 * SEC;
    assertEquals(List.of(), lessor.dueCheckpoints(1000), "not due yet");
    now += SEC + SEC / 2;
    assertEquals(List.of(new Lessor.Checkpoint(1, 55)), lessor.dueCheckpoints(1000));
    assertEquals(List.of(), lessor.dueCheckpoints(1000), "each schedule fires once");

    lessor.checkpoint(1, 55); // applied: the primary schedules the next one
    now += 5 * SEC;
    assertEquals(List.of(new Lessor.Checkpoint(1, 50)), lessor.dueCheckpoints(1000));
  }

  @Test
  void newLeaderRefreshesToTheCheckpointedRemainingTtl() {
    Lessor follower = new Lessor(() -> now, 2);
    follower.enableCheckpoints(5 * SEC);
    follower.grant(1, 60);
    follower.checkpoint(1, 50);
    assertEquals(List.of(), follower.dueCheckpoints(1000), "a follower proposes no checkpoints");

    follower.promote(SEC);
    assertEquals(51, follower.status(1).remainingSeconds(), "checkpointed TTL plus the promotion's extension");
    assertEquals(60, follower.status(1).grantedTtl());
  }

  @Test
  void renewalClearsTheCheckpointOnlyAfterItIsApplied() {
    lessor.enableCheckpoints(5 * SEC);
    lessor.grant(1, 60);
    assertFalse(lessor.hasCheckpoint(1));
    lessor.checkpoint(1, 30);
    assertTrue(lessor.hasCheckpoint(1));
    lessor.promote(0);
    assertEquals(60, lessor.renew(1), "renew answers the granted TTL, as etcd");
    assertEquals(30, lessor.status(1).remainingSeconds(), "until the clearing checkpoint is applied");
    lessor.checkpoint(1, 0);
    assertFalse(lessor.hasCheckpoint(1));
    lessor.renew(1);
    assertEquals(60, lessor.status(1).remainingSeconds());
  }

  @Test
  void leasesShorterThanTheIntervalAreNotCheckpointedNorWhenOff() {
    lessor.enableCheckpoints(5 * SEC);
    lessor.promote(0);
    lessor.grant(1, 5);
    now += 6 * SEC;
    assertEquals(List.of(), lessor.dueCheckpoints(1000));

    Lessor off = new Lessor(() -> now, 2);
    off.promote(0);
    off.grant(2, 60);
    off.checkpoint(2, 10);
    now += 10 * SEC;
    assertEquals(List.of(), off.dueCheckpoints(1000));
    assertFalse(off.hasCheckpoint(2), "renewals propose nothing without checkpoints");
  }

  @Test
  void demotionDropsTheScheduleAndUnknownLeasesAreIgnored() {
    lessor.enableCheckpoints(5 * SEC);
    lessor.promote(0);
    lessor.grant(1, 60);
    lessor.demote();
    now += 6 * SEC;
    assertEquals(List.of(), lessor.dueCheckpoints(1000));
    assertNull(lessor.checkpoint(99, 10));
  }

  @Test
  void recoveredLeaseKeepsItsPersistedCheckpoint() {
    lessor.recover(List.of(new LeaseRecord(1, 60, 20)), List.of());
    lessor.promote(0);
    assertEquals(20, lessor.status(1).remainingSeconds());
    LeaseRecord r = new LeaseRecord(1, 60, 20);
    assertEquals(r, LeaseRecord.decode(r.value()));
    assertEquals(new LeaseRecord(1, 60), LeaseRecord.decode(new LeaseRecord(1, 60).value()));
  }

  @Test
  void appliedCheckpointsAreStoredOnlyWithPersistence() {
    java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
    LeaseApplier.Meta meta = new LeaseApplier.Meta() {
      @Override
      public void put(String bucket, byte[] key, byte[] value) {
        stored.put(bucket + "/" + java.util.HexFormat.of().formatHex(key), value);
      }

      @Override
      public void delete(String bucket, byte[] key) {
        stored.remove(bucket + "/" + java.util.HexFormat.of().formatHex(key));
      }
    };
    lessor.enableCheckpoints(5 * SEC);
    lessor.grant(1, 60);
    dev.etcdj.api.LeaseCheckpointRequest cp = dev.etcdj.api.LeaseCheckpointRequest.newBuilder()
        .addCheckpoints(dev.etcdj.api.LeaseCheckpoint.newBuilder().setID(1).setRemainingTTL(40))
        .addCheckpoints(dev.etcdj.api.LeaseCheckpoint.newBuilder().setID(2).setRemainingTTL(10)).build();

    new LeaseApplier(lessor, () -> { }, () -> { }).checkpoint(meta, cp);
    assertTrue(stored.isEmpty(), "etcd 3.4 keeps checkpoints in memory unless persisting");
    assertTrue(lessor.hasCheckpoint(1), "recorded in memory");

    new LeaseApplier(lessor, () -> { }, () -> { }, true).checkpoint(meta, cp);
    assertEquals(1, stored.size(), "the unknown lease 2 is skipped");
    assertEquals(new LeaseRecord(1, 60, 40), LeaseRecord.decode(stored.values().iterator().next()));
  }
}
