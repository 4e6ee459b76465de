package dev.etcdj.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lessor's decisions against a hand-driven clock. */
class LessorTest {
  static final long SEC = TimeUnit.SECONDS.toNanos(1);

  long now = 1_000 * SEC;
  final Lessor lessor = new Lessor(() -> now, 2);

  static EtcdError error(Runnable r) {
    return assertThrows(EtcdException.class, r::run).error();
  }

  static Event put(String key, long lease, long prevLease) {
    Event.Builder e = Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)).setLease(lease));
    if (prevLease >= 0) {
      e.setPrevKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)).setLease(prevLease));
    }
    return e.build();
  }

  static Event delete(String key, long prevLease) {
    return Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)))
        .setPrevKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)).setLease(prevLease)).build();
  }

  static List<ByteString> keys(String... ks) {
    return java.util.Arrays.stream(ks).map(ByteString::copyFromUtf8).toList();
  }

  @Test
  void minTtlIsOneAndAHalfElectionTimeoutsRoundedUp() {
    assertEquals(2, Lessor.minTtl(100, 10)); // etcd defaults: 1.5 s -> 2 s
    assertEquals(3, Lessor.minTtl(100, 20));
    assertEquals(1, Lessor.minTtl(10, 10));
  }

  @Test
  void grantFollowsEtcdRules() {
    assertEquals(10, lessor.grant(1, 10));
    assertEquals(2, lessor.grant(2, 1), "raised to the minimum TTL");
    assertEquals(2, lessor.grant(3, 0));
    assertEquals(Lessor.MAX_TTL, lessor.grant(4, Lessor.MAX_TTL));
    assertEquals(EtcdError.LEASE_TTL_TOO_LARGE, error(() -> lessor.grant(5, Lessor.MAX_TTL + 1)));
    assertEquals(EtcdError.LEASE_EXIST, error(() -> lessor.grant(1, 10)));
    assertEquals(EtcdError.LEASE_NOT_FOUND, error(() -> lessor.grant(0, 10)));
    assertTrue(lessor.exists(1));
    assertFalse(lessor.exists(5));
  }

  @Test
  void followersNeverExpireAndRefuseRenewals() {
    lessor.grant(1, 5);
    now += 3600 * SEC;
    assertFalse(lessor.isPrimary());
    assertEquals(List.of(), lessor.expired(100));
    assertEquals(EtcdError.NOT_LEADER, error(() -> lessor.renew(1)));
  }

  @Test
  void primaryExpiresAfterTtlUnlessRenewed() {
    lessor.promote(0);
    lessor.grant(1, 10);
    lessor.grant(2, 10);
    now += 9 * SEC;
    assertEquals(10, lessor.renew(1));
    assertEquals(List.of(), lessor.expired(100));
    now += 1 * SEC;
    assertEquals(List.of(2L), lessor.expired(100), "2 reached its expiry; 1 was renewed");
    assertEquals(EtcdError.LEASE_NOT_FOUND, error(() -> lessor.renew(2)), "an expired lease cannot be renewed");
    assertEquals(EtcdError.LEASE_NOT_FOUND, error(() -> lessor.renew(3)));
    now += 9 * SEC;
    assertEquals(List.of(2L, 1L), lessor.expired(100), "most overdue first");
    assertEquals(List.of(2L), lessor.expired(1));
  }

  @Test
  void promotionExtendsEveryLeaseAndDemotionFreezesThem() {
    lessor.grant(1, 10); // granted while a follower: never expires
    now += 100 * SEC;
    lessor.promote(1 * SEC);
    assertEquals(11, lessor.status(1).remainingSeconds(), "now + TTL + election timeout");
    now += 10 * SEC;
    assertEquals(List.of(), lessor.expired(10));
    now += 1 * SEC;
    assertEquals(List.of(1L), lessor.expired(10));
    lessor.demote();
    assertEquals(List.of(), lessor.expired(10));
    assertEquals(EtcdError.NOT_LEADER, error(() -> lessor.renew(1)));
    now += 100 * SEC;
    lessor.promote(1 * SEC);
    assertEquals(List.of(), lessor.expired(10), "a new primary gives every lease a full TTL again");
  }

  @Test
  void timeToLiveTruncatesRemainingAndListsKeys() {
    lessor.promote(0);
    lessor.grant(7, 10);
    lessor.keysChanged(List.of(put("b", 7, -1), put("a", 7, -1)));
    now += SEC / 2;
    Lessor.Status s = lessor.status(7);
    assertEquals(9, s.remainingSeconds());
    assertEquals(10, s.grantedTtl());
    assertEquals(keys("a", "b"), s.keys());
    assertNull(lessor.status(8));
  }

  @Test
  void keyIndexFollowsPutsOverwritesAndDeletes() {
    lessor.grant(1, 10);
    lessor.grant(2, 10);
    lessor.keysChanged(List.of(put("k1", 1, -1), put("k2", 1, -1), put("k3", 2, -1)));
    assertEquals(keys("k1", "k2"), lessor.keysOf(1));
    lessor.keysChanged(List.of(put("k1", 2, 1))); // re-attached to another lease
    lessor.keysChanged(List.of(put("k2", 0, 1))); // overwritten without a lease
    assertEquals(keys(), lessor.keysOf(1));
    assertEquals(keys("k1", "k3"), lessor.keysOf(2));
    assertEquals(0, lessor.leaseOf(ByteString.copyFromUtf8("k2")));
    lessor.keysChanged(List.of(delete("k3", 2)));
    assertEquals(keys("k1"), lessor.keysOf(2));
    assertEquals(2, lessor.leaseOf(ByteString.copyFromUtf8("k1")));
  }

  @Test
  void recoveredLeasesDoNotExpireUntilPromoted() {
    lessor.recover(List.of(new LeaseRecord(5, 1), new LeaseRecord(6, 30)),
        List.of(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("x")).setLease(5).build(),
            KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("y")).build()));
    assertEquals(2, lessor.status(5).grantedTtl(), "stored TTLs are raised to the minimum");
    assertEquals(keys("x"), lessor.keysOf(5));
    now += 3600 * SEC;
    assertEquals(List.of(), lessor.expired(10));
    lessor.promote(0);
    now += 2 * SEC;
    assertEquals(List.of(5L), lessor.expired(10));
  }

  @Test
  void leasesAreListedSoonestExpiryFirst() {
    lessor.promote(0);
    lessor.grant(1, 30);
    lessor.grant(2, 10);
    lessor.grant(3, 20);
    assertEquals(List.of(2L, 3L, 1L), lessor.ids());
    assertTrue(lessor.remove(2));
    assertFalse(lessor.remove(2));
    assertEquals(List.of(3L, 1L), lessor.ids());
  }

  @Test
  void recordsUseEtcdsLeasepbEncoding() {
    LeaseRecord r = new LeaseRecord(0x694d7b5a1c8a5e04L, 10);
    assertEquals(r, LeaseRecord.decode(r.value()));
    // leasepb.Lease{ID: 1, TTL: 10} as etcd marshals it
    assertEquals(ByteString.copyFrom(new byte[] {0x08, 0x01, 0x10, 0x0a}), ByteString.copyFrom(new LeaseRecord(1, 10).value()));
    assertEquals(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}), ByteString.copyFrom(LeaseRecord.key(1)));
  }
}
