package dev.etcdj.server.apply;

import dev.etcdj.api.AlarmMember;
import dev.etcdj.api.AlarmType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active alarms (NOSPACE, CORRUPT) per member. Changed only by the apply thread, persisted in
 * the store's {@value #BUCKET} bucket in the same write transaction as the alarm request;
 * read by any thread.
 */
public final class AlarmStore {
  public static final String BUCKET = "alarm";

  private record Alarm(long memberId, AlarmType type) {}

  private final Set<Alarm> active = ConcurrentHashMap.newKeySet();

  /** Replaces the alarms with those in the keys of the alarm bucket. */
  public void load(Iterable<byte[]> keys) {
    active.clear();
    for (byte[] key : keys) {
      ByteBuffer b = ByteBuffer.wrap(key);
      active.add(new Alarm(b.getLong(), AlarmType.forNumber(b.getInt())));
    }
  }

  public static byte[] key(long memberId, AlarmType type) {
    return ByteBuffer.allocate(12).putLong(memberId).putInt(type.getNumber()).array();
  }

  /** Returns true when the alarm was not yet active. */
  boolean activate(long memberId, AlarmType type) {
    return active.add(new Alarm(memberId, type));
  }

  /** Returns true when the alarm was active. */
  boolean deactivate(long memberId, AlarmType type) {
    return active.remove(new Alarm(memberId, type));
  }

  public boolean isActive(AlarmType type) {
    return active.stream().anyMatch(a -> a.type == type);
  }

  /** The active alarms of {@code type}, or all of them for NONE, ordered by member. */
  public List<AlarmMember> list(AlarmType type) {
    List<AlarmMember> out = new ArrayList<>();
    active.stream()
        .filter(a -> type == AlarmType.NONE || a.type == type)
        .sorted(Comparator.comparingLong(Alarm::memberId).thenComparing(Alarm::type))
        .forEach(a -> out.add(AlarmMember.newBuilder().setMemberID(a.memberId).setAlarm(a.type).build()));
    return out;
  }
}
