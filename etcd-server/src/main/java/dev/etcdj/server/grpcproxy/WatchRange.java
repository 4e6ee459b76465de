package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;

/** The key range of a watch as the client names it: a key, a [key, end) range, or key onwards (end "\0"). */
record WatchRange(ByteString key, ByteString end) {
  boolean valid() {
    return end.isEmpty() || ByteString.unsignedLexicographicalComparator().compare(end, key) > 0
        || (end.size() == 1 && end.byteAt(0) == 0);
  }
}
