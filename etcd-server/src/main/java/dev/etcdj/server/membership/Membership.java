package dev.etcdj.server.membership;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The live membership of the cluster. Changed only by the apply thread as membership entries
 * are applied (and once at start-up); read by any thread as immutable snapshots. Listeners (the
 * peer transport) hear of every change.
 */
public final class Membership {
  /** Told of membership changes, on the apply thread. */
  public interface Listener {
    void changed(ClusterMembership before, ClusterMembership after);
  }

  private final AtomicReference<ClusterMembership> current;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  public Membership(ClusterMembership initial) {
    this.current = new AtomicReference<>(initial);
  }

  public ClusterMembership get() {
    return current.get();
  }

  public long clusterId() {
    return get().clusterId();
  }

  public long localId() {
    return get().localId();
  }

  public List<MemberInfo> members() {
    return get().members();
  }

  public Optional<MemberInfo> member(long id) {
    return get().members().stream().filter(m -> m.id() == id).findFirst();
  }

  public boolean isRemoved(long id) {
    return get().removed().contains(id);
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  /** Replaces the membership (apply thread only) and tells the listeners. */
  public void update(UnaryOperator<ClusterMembership> change) {
    ClusterMembership before = current.get();
    ClusterMembership after = change.apply(before);
    current.set(after);
    listeners.forEach(l -> l.changed(before, after));
  }

  public static Set<Long> ids(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::id).collect(java.util.stream.Collectors.toSet());
  }
}
