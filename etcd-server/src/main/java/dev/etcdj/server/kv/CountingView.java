package dev.etcdj.server.kv;

import dev.etcdj.storage.mvcc.RangeResult;

/** A view that tallies the ranges, puts and deletes run through it, as etcd's metricsTxnWrite. */
final class CountingView implements KvView {
  private final KvView view;
  private int ranges;
  private int puts;
  private int deletes;

  CountingView(KvView view) {
    this.view = view;
  }

  void reportTo(KvOpCounter counter) {
    counter.count(ranges, puts, deletes);
  }

  @Override
  public RangeResult range(byte[] key, byte[] rangeEnd, long revision, long limit, boolean countOnly) {
    ranges++;
    return view.range(key, rangeEnd, revision, limit, countOnly);
  }

  @Override
  public long revision() {
    return view.revision();
  }

  @Override
  public long compactRevision() {
    return view.compactRevision();
  }

  @Override
  public void put(byte[] key, byte[] value, long lease) {
    puts++;
    view.put(key, value, lease);
  }

  @Override
  public long deleteRange(byte[] key, byte[] rangeEnd) {
    deletes++;
    return view.deleteRange(key, rangeEnd);
  }
}
