package dev.etcdj.server.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.storage.mvcc.HashKvResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's rules of etcd's checkHashKV, one at a time. */
class HashComparisonTest {
  static final long LEADER = 0xa;
  static final long PEER = 0xb;
  static final HashKvResult LOCAL = new HashKvResult(100, 2, 10);

  static PeerHash answer(long hash, long compactRevision, long revision) {
    return PeerHash.answered(PEER, List.of("http://b"), HashKVResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(revision))
        .setHash((int) hash).setCompactRevision(compactRevision).build());
  }

  static List<HashComparison.Mismatch> compare(HashKvResult after, PeerHash... peers) {
    return HashComparison.compare(LEADER, LOCAL, after, List.of(peers)).mismatches();
  }

  @Test
  void sameHashesNoMismatch() {
    HashComparison.Result r = HashComparison.compare(LEADER, LOCAL, LOCAL,
        List.of(answer(100, 2, 10), PeerHash.failed(0xc, List.of("http://c"), PeerHashError.FUTURE_REV)));
    assertEquals(List.of(), r.mismatches());
    assertEquals(1, r.checked(), "a peer without an answer is not counted");
  }

  @Test
  void peerWithAnotherHashAtTheSameCompactRevision() {
    assertEquals(List.of(new HashComparison.Mismatch(PEER, "hash 99 at revision 10 from member b, expected hash 100")),
        compare(LOCAL, answer(99, 2, 10)));
  }

  @Test
  void peerWithAnotherCompactRevisionIsNotComparedByHash() {
    assertEquals(List.of(), compare(new HashKvResult(100, 2, 12), answer(99, 1, 10)));
  }

  @Test
  void peerAheadOfTheLeader() {
    assertEquals(List.of(new HashComparison.Mismatch(PEER, "revision 11 from member b, expected at most 10")),
        compare(LOCAL, answer(100, 2, 11)));
    assertEquals(List.of(new HashComparison.Mismatch(PEER, "compact revision 3 from member b, expected at most 2")),
        compare(LOCAL, answer(100, 3, 10)));
  }

  @Test
  void leaderHashChangedWithoutAnyWrite() {
    assertEquals(List.of(new HashComparison.Mismatch(LEADER, "mismatched hashes 100 and 101 for revision 10")),
        compare(new HashKvResult(101, 2, 10)));
    assertEquals(List.of(), compare(new HashKvResult(101, 2, 11)), "a write in between changes the hash legitimately");
  }

  @Test
  void hashesCompareUnsigned() {
    HashKvResult big = new HashKvResult(0xF0000000L, 0, 5);
    assertEquals(List.of(), HashComparison.compare(LEADER, big, big, List.of(PeerHash.answered(PEER, List.of(),
        HashKVResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(5)).setHash(0xF0000000).build())))
        .mismatches());
  }
}
