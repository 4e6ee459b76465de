package dev.etcdj.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.AlarmMember;
import dev.etcdj.api.Member;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd 3.4's backend layout (the buckets of its bbolt file) and the conversions between its
 * records and our store's meta buckets. Our "lease", "auth*" and "cluster" records already
 * have etcd's format; members and alarms are keyed differently.
 *
 * <ul>
 *   <li>key: u64 main (big-endian), '_', u64 sub, plus 't' for a tombstone -> mvccpb.KeyValue
 *       (a tombstone holds only the key).
 *   <li>meta: consistent_index -> u64; scheduledCompactRev/finishedCompactRev -> a revision key.
 *   <li>members: the ID in lowercase hex -> Go's JSON of membership.Member;
 *       members_removed: hex ID -> "removed".
 *   <li>alarm: an etcdserverpb.AlarmMember -> empty.
 * </ul>
 */
final class EtcdBuckets {
  static final String KEY = "key";
  static final String META = "meta";
  static final String LEASE = "lease";
  static final String MEMBERS = "members";
  static final String MEMBERS_REMOVED = "members_removed";
  static final String ALARM = "alarm";
  static final String CLUSTER = "cluster";
  /** The buckets etcd always creates, so every snapshot has them. */
  static final List<String> ALL = List.of(KEY, META, LEASE, ALARM, CLUSTER, MEMBERS, MEMBERS_REMOVED,
      "auth", "authUsers", "authRoles");

  static final byte[] CONSISTENT_INDEX = bytes("consistent_index");
  static final byte[] SCHEDULED_COMPACT = bytes("scheduledCompactRev");
  static final byte[] FINISHED_COMPACT = bytes("finishedCompactRev");
  static final byte[] CLUSTER_VERSION = bytes("clusterVersion");
  static final byte[] REMOVED = bytes("removed");

  private static final ObjectMapper JSON = new ObjectMapper();

  private EtcdBuckets() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] revision(long main, long sub, boolean tombstone) {
    ByteBuffer b = ByteBuffer.allocate(tombstone ? 18 : 17).putLong(main).put((byte) '_').putLong(sub);
    if (tombstone) {
      b.put((byte) 't');
    }
    return b.array();
  }

  static long revisionMain(byte[] key) {
    checkRevision(key);
    return ByteBuffer.wrap(key).getLong(0);
  }

  static long revisionSub(byte[] key) {
    checkRevision(key);
    return ByteBuffer.wrap(key).getLong(9);
  }

  static boolean isTombstone(byte[] key) {
    return key.length == 18 && key[17] == 't';
  }

  private static void checkRevision(byte[] key) {
    if (key.length < 17 || key[8] != '_') {
      throw new IllegalArgumentException("not an etcd revision key (" + key.length + " bytes)");
    }
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long u64(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  static byte[] memberKey(long id) {
    return bytes(Long.toHexString(id));
  }

  static long memberId(byte[] hexKey) {
    return Long.parseUnsignedLong(new String(hexKey, StandardCharsets.UTF_8), 16);
  }

  /** Go's JSON of membership.Member for our stored Member. */
  static byte[] memberJson(byte[] memberProto) {
    Member m = parseMember(memberProto);
    ObjectNode n = JSON.createObjectNode();
    n.put("id", new java.math.BigInteger(Long.toUnsignedString(m.getID())));
    if (m.getPeerURLsCount() == 0) {
      n.putNull("peerURLs");
    } else {
      m.getPeerURLsList().forEach(n.putArray("peerURLs")::add);
    }
    if (m.getIsLearner()) {
      n.put("isLearner", true);
    }
    if (!m.getName().isEmpty()) {
      n.put("name", m.getName());
    }
    if (m.getClientURLsCount() > 0) {
      m.getClientURLsList().forEach(n.putArray("clientURLs")::add);
    }
    return bytes(n.toString());
  }

  /** Our stored Member for etcd's JSON. */
  static byte[] memberProto(byte[] json) {
    try {
      JsonNode n = JSON.readTree(json);
      Member.Builder m = Member.newBuilder().setID(n.path("id").bigIntegerValue().longValue())
          .setName(n.path("name").asText("")).setIsLearner(n.path("isLearner").asBoolean(false));
      n.path("peerURLs").forEach(u -> m.addPeerURLs(u.asText()));
      n.path("clientURLs").forEach(u -> m.addClientURLs(u.asText()));
      return m.build().toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("corrupt member record", e);
    }
  }

  /** etcd's alarm key for ours (u64 member ID, u32 alarm type). */
  static byte[] alarmKey(byte[] ours) {
    ByteBuffer b = ByteBuffer.wrap(ours);
    return AlarmMember.newBuilder().setMemberID(b.getLong()).setAlarmValue(b.getInt()).build().toByteArray();
  }

  static byte[] ourAlarmKey(byte[] etcdKey) {
    try {
      AlarmMember a = AlarmMember.parseFrom(etcdKey);
      return ByteBuffer.allocate(12).putLong(a.getMemberID()).putInt(a.getAlarmValue()).array();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("corrupt alarm record", e);
    }
  }

  static List<String> names(List<byte[]> raw) {
    List<String> out = new ArrayList<>();
    raw.forEach(b -> out.add(new String(b, StandardCharsets.UTF_8)));
    return out;
  }

  private static Member parseMember(byte[] proto) {
    try {
      return Member.parseFrom(proto);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("corrupt member record", e);
    }
  }
}
