package dev.etcdj.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.server.EtcdError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Leadership tracking and revocation proposals of the leader's expiry loop (ticks by hand). */
class LeaseExpiryTest {
  long now = 0;
  boolean leader;
  final Lessor lessor = new Lessor(() -> now, 1);
  final List<Long> proposed = new ArrayList<>();
  final List<CompletableFuture<Object>> pending = new ArrayList<>();
  final LeaseExpiry expiry = new LeaseExpiry(lessor, () -> leader, LessorTest.SEC, () -> now, id -> {
    proposed.add(id);
    CompletableFuture<Object> f = new CompletableFuture<>();
    pending.add(f);
    return f;
  });

  @Test
  void onlyTheLeaderPromotesAndRevokes() {
    lessor.grant(1, 5);
    now += 100 * LessorTest.SEC;
    expiry.tick();
    assertFalse(lessor.isPrimary());
    assertEquals(List.of(), proposed);

    leader = true;
    expiry.tick();
    assertTrue(lessor.isPrimary());
    now += 5 * LessorTest.SEC;
    expiry.tick();
    assertEquals(List.of(), proposed, "promotion added the election timeout");
    now += LessorTest.SEC;
    expiry.tick();
    assertEquals(List.of(1L), proposed);

    leader = false;
    expiry.tick();
    assertFalse(lessor.isPrimary());
    now += 100 * LessorTest.SEC;
    expiry.tick();
    assertEquals(List.of(1L), proposed, "a demoted lessor revokes nothing");
  }

  @Test
  void aRevokeInFlightIsNotProposedAgainUntilRetryTime() {
    leader = true;
    expiry.tick();
    lessor.grant(1, 1);
    now += 2 * LessorTest.SEC;
    expiry.tick();
    expiry.tick();
    assertEquals(List.of(1L), proposed);
    now += LeaseExpiry.RETRY_NANOS;
    expiry.tick();
    assertEquals(List.of(1L, 1L), proposed, "still not applied: propose again");
    pending.get(1).completeExceptionally(EtcdError.TIMEOUT.exception());
    expiry.tick();
    assertEquals(List.of(1L, 1L, 1L), proposed, "a failed proposal is retried on the next tick");
    lessor.remove(1); // the revoke was applied
    now += LeaseExpiry.RETRY_NANOS;
    expiry.tick();
    assertEquals(3, proposed.size());
  }
}
