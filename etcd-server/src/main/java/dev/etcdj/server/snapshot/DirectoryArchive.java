package dev.etcdj.server.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A flat directory as one stream: for each regular file {@code [name length:u16][name utf-8]
 * [size:i64][bytes]}, then a name length of 0. Integrity is checked by the transport (SHA-256).
 */
final class DirectoryArchive {
  private DirectoryArchive() {}

  static void write(Path dir, OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(raw);
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      byte[] name = f.getFileName().toString().getBytes(StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
      out.writeLong(Files.size(f));
      Files.copy(f, out);
    }
    out.writeShort(0);
    out.flush();
  }

  /** Extracts into {@code target} (created), syncing every file so the copy survives a crash. */
  static void extract(InputStream raw, Path target) throws IOException {
    Files.createDirectories(target);
    DataInputStream in = new DataInputStream(raw);
    byte[] buf = new byte[64 * 1024];
    for (int nameLength = in.readUnsignedShort(); nameLength != 0; nameLength = in.readUnsignedShort()) {
      byte[] name = in.readNBytes(nameLength);
      String fileName = new String(name, StandardCharsets.UTF_8);
      if (fileName.contains("/") || fileName.startsWith(".")) {
        throw new IOException("bad file name in snapshot archive: " + fileName);
      }
      long remaining = in.readLong();
      Path file = target.resolve(fileName);
      try (OutputStream out = Files.newOutputStream(file)) {
        while (remaining > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
          if (n < 0) {
            throw new EOFException("snapshot archive ends inside " + fileName);
          }
          out.write(buf, 0, n);
          remaining -= n;
        }
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }
}
