package dev.etcdj.server.v2store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The v2 tree as bytes: a version, the store index, then the nodes depth-first (path, indexes,
 * expiry, and either the value or the number of children).
 */
final class StoreCodec {
  private static final int VERSION = 1;

  record Decoded(Node root, long index, List<Node> withTtl) {}

  private StoreCodec() {}

  static byte[] encode(Node root, long index) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeLong(index);
      write(out, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, Node n) throws IOException {
    writeString(out, n.path);
    out.writeLong(n.createdIndex);
    out.writeLong(n.modifiedIndex);
    out.writeLong(n.expireTime);
    out.writeBoolean(n.isDir());
    if (n.isDir()) {
      out.writeInt(n.children.size());
      for (Node child : n.children.values()) {
        write(out, child);
      }
    } else {
      writeString(out, n.value);
    }
  }

  static Decoded decode(byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalStateException("unknown v2 store format " + version);
      }
      long index = in.readLong();
      List<Node> withTtl = new ArrayList<>();
      Node root = read(in, null, withTtl);
      return new Decoded(root, index, withTtl);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt v2 store record", e);
    }
  }

  private static Node read(DataInputStream in, Node parent, List<Node> withTtl) throws IOException {
    String path = readString(in);
    long created = in.readLong();
    long modified = in.readLong();
    long expire = in.readLong();
    Node n;
    if (in.readBoolean()) {
      n = Node.dir(path, created, parent, expire);
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        Node child = read(in, n, withTtl);
        n.children.put(child.name(), child);
      }
    } else {
      n = Node.file(path, readString(in), created, parent, expire);
    }
    n.modifiedIndex = modified;
    if (!n.isPermanent()) {
      withTtl.add(n);
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
