package dev.etcdj.storage.etcdfmt;

/** The types of etcd's walpb.Record. */
final class RecordType {
  static final long METADATA = 1;
  static final long ENTRY = 2;
  static final long STATE = 3;
  static final long CRC = 4;
  static final long SNAPSHOT = 5;

  private RecordType() {}
}
