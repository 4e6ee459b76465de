package dev.etcdj.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/** etcd's member and cluster ID algorithms (see the package documentation). */
public final class ClusterIds {
  private ClusterIds() {}

  /** The ID etcd gives a member with these peer URLs in a cluster with this token. */
  public static long memberId(Collection<String> peerUrls, String clusterToken) {
    MessageDigest sha1 = sha1();
    peerUrls.stream().sorted().forEach(u -> sha1.update(u.getBytes(StandardCharsets.UTF_8)));
    sha1.update(clusterToken.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(sha1.digest()).getLong();
  }

  /** The ID etcd gives a cluster of these members. */
  public static long clusterId(Collection<Long> memberIds) {
    List<Long> sorted = memberIds.stream().sorted(Long::compareUnsigned).toList();
    ByteBuffer buf = ByteBuffer.allocate(8 * sorted.size());
    sorted.forEach(buf::putLong);
    return ByteBuffer.wrap(sha1().digest(buf.array())).getLong();
  }

  /** etcd's textual form of an ID: lower-case hex without leading zeros. */
  public static String toHex(long id) {
    return Long.toHexString(id);
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-1", e);
    }
  }
}
