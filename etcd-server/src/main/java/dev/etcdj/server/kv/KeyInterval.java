package dev.etcdj.server.kv;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * A key range as etcd requests give it: an empty end is the single key, a single zero byte
 * means every key from {@code key} on, anything else the half-open [key, end).
 */
record KeyInterval(ByteString key, ByteString end) {
  private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
  private static final ByteString ALL_FROM = ByteString.copyFrom(new byte[] {0});

  static KeyInterval of(ByteString key, ByteString end) {
    return new KeyInterval(key, end);
  }

  boolean contains(ByteString k) {
    if (end.isEmpty()) {
      return key.equals(k);
    }
    if (ORDER.compare(k, key) < 0) {
      return false;
    }
    return end.equals(ALL_FROM) || ORDER.compare(k, end) < 0;
  }
}
