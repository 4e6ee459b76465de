package dev.etcdj.server.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Member;
import dev.etcdj.api.MemberListResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.internal.ConfChangeContext;
import dev.etcdj.api.internal.MemberAttributesRequest;
import dev.etcdj.api.internal.MemberUpdateRequest;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.raft.ConfChange;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.membership.Membership;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies membership entries: Raft conf changes (add, add learner, promote, remove) and the
 * member attribute and peer URL updates that travel as normal entries. The store's
 * {@value #MEMBERS} and {@value #REMOVED} buckets hold the membership, written in the same
 * transaction as the entry's index; Raft's own view is updated through
 * {@link Consensus#applyConfChange}, also when an entry is replayed after a restart.
 */
public final class MembershipApplier {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver/membership");
  static final String MEMBERS = "members";
  static final String REMOVED = "members_removed";

  private final Membership membership;
  private final Consensus consensus;
  private final Runnable onLocalRemoved;

  public MembershipApplier(Membership membership, Consensus consensus, Runnable onLocalRemoved) {
    this.membership = membership;
    this.consensus = consensus;
    this.onLocalRemoved = onLocalRemoved;
  }

  /** Decodes a conf change entry's context (the proposer and the member concerned). */
  static ConfChangeContext context(ConfChange cc) {
    try {
      return ConfChangeContext.parseFrom(cc.context());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable conf change context", e);
    }
  }

  /**
   * Applies a conf change. {@code txn} is null for a replayed entry the store already has:
   * then only Raft hears of it.
   */
  ApplyResult confChange(ApplyTxn txn, ConfChange cc) {
    ConfChangeContext ctx = context(cc);
    if (txn != null && membership.isRemoved(cc.nodeId())) {
      consensus.applyConfChange(cc);
      return ApplyResult.failed(EtcdError.MEMBER_NOT_FOUND.exception());
    }
    consensus.applyConfChange(cc);
    if (txn == null) {
      return ApplyResult.of(list());
    }
    long id = cc.nodeId();
    switch (cc.type()) {
      case ADD_NODE, ADD_LEARNER_NODE -> {
        boolean learner = cc.type() == dev.etcdj.raft.ConfChangeType.ADD_LEARNER_NODE;
        boolean promotion = membership.member(id).isPresent();
        MemberInfo member = membership.member(id)
            .map(m -> learner ? m : m.promoted())
            .orElseGet(() -> MemberInfo.fromProto(ctx.getMember()).withLearner(learner));
        save(txn, member);
        membership.update(c -> c.with(member));
        LOG.info("{} member {} {} in cluster {}", promotion ? "promoted" : "added",
            ClusterIds.toHex(id), member.peerUrls(), ClusterIds.toHex(membership.clusterId()));
      }
      case REMOVE_NODE -> {
        txn.deleteMeta(MEMBERS, key(id));
        txn.putMeta(REMOVED, key(id), new byte[0]);
        membership.update(c -> c.without(id));
        LOG.info("removed member {} from cluster {}", ClusterIds.toHex(id), ClusterIds.toHex(membership.clusterId()));
        if (id == membership.localId()) {
          LOG.warn("the member has been permanently removed from the cluster");
          onLocalRemoved.run();
        }
      }
    }
    return ApplyResult.of(list());
  }

  ApplyResult attributes(ApplyTxn txn, MemberAttributesRequest r) {
    var existing = membership.member(r.getMemberId());
    if (existing.isEmpty()) {
      return ApplyResult.failed(EtcdError.MEMBER_NOT_FOUND.exception());
    }
    MemberInfo m = existing.get().withAttributes(r.getName(), r.getClientUrlsList());
    save(txn, m);
    membership.update(c -> c.with(m));
    return ApplyResult.of(list());
  }

  ApplyResult update(ApplyTxn txn, MemberUpdateRequest r) {
    var existing = membership.member(r.getMemberId());
    if (existing.isEmpty()) {
      return ApplyResult.failed(EtcdError.MEMBER_NOT_FOUND.exception());
    }
    MemberInfo m = existing.get().withPeerUrls(r.getPeerUrlsList());
    save(txn, m);
    membership.update(c -> c.with(m));
    LOG.info("updated member {} {} in cluster {}", ClusterIds.toHex(m.id()), m.peerUrls(),
        ClusterIds.toHex(membership.clusterId()));
    return ApplyResult.of(list());
  }

  private MemberListResponse list() {
    return MemberListResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance())
        .addAllMembers(membership.members().stream().map(MemberInfo::toProto).toList()).build();
  }

  private static void save(ApplyTxn txn, MemberInfo m) {
    txn.putMeta(MEMBERS, key(m.id()), m.toProto().toByteArray());
  }

  private static byte[] key(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  /** Writes a new cluster's initial membership (bootstrap, before the first entry). */
  public static void saveInitial(MvccStore store, ClusterMembership cluster, long consistentIndex) {
    try (var txn = store.beginWrite(consistentIndex)) {
      for (MemberInfo m : cluster.members()) {
        txn.putMeta(MEMBERS, key(m.id()), m.toProto().toByteArray());
      }
      txn.end();
    }
    store.flush();
  }

  /** Reads the membership the store holds. */
  public static ClusterMembership load(MvccStore store, long clusterId, long localId) {
    List<MemberInfo> members = new ArrayList<>();
    for (MetaEntry e : store.scanMeta(MEMBERS)) {
      try {
        members.add(MemberInfo.fromProto(Member.parseFrom(e.value())));
      } catch (InvalidProtocolBufferException ex) {
        throw new IllegalStateException("corrupt member record in the store", ex);
      }
    }
    Set<Long> removed = new HashSet<>();
    for (MetaEntry e : store.scanMeta(REMOVED)) {
      removed.add(ByteBuffer.wrap(e.key()).getLong());
    }
    return new ClusterMembership(clusterId, localId, members, removed);
  }
}
