package dev.etcdj.storage.etcdfmt;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.HardState;
import dev.etcdj.api.walpb.Record;
import dev.etcdj.api.walpb.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a real etcd WAL directory read-only, as etcd's {@code wal.OpenForRead} + ReadAll. */
public final class EtcdWalReader {
  private EtcdWalReader() {}

  /** Reads the WAL in {@code dir} from the segment holding the snapshot {@code start}. */
  public static WalContents readAll(Path dir, Snapshot start) {
    List<Path> segments = WalNames.select(dir, start.getIndex());
    byte[] metadata = null;
    HardState state = HardState.getDefaultInstance();
    List<Entry> entries = new ArrayList<>();
    boolean match = false;
    try (WalDecoder decoder = new WalDecoder(segments)) {
      for (Record rec = decoder.next(); rec != null; rec = decoder.next()) {
        byte[] data = rec.getData().toByteArray();
        switch ((int) rec.getType()) {
          case (int) RecordType.ENTRY -> {
            Entry e = Entry.parseFrom(data);
            long up = e.getIndex() - start.getIndex() - 1;
            if (Long.compareUnsigned(e.getIndex(), start.getIndex()) > 0) {
              if (up > entries.size()) {
                throw new EtcdFormatException("wal: slice bounds out of range");
              }
              entries.subList((int) up, entries.size()).clear();
              entries.add(e);
            }
          }
          case (int) RecordType.STATE -> state = HardState.parseFrom(data);
          case (int) RecordType.METADATA -> {
            if (metadata != null && !Arrays.equals(metadata, data)) {
              throw new EtcdFormatException("wal: conflicting metadata found");
            }
            metadata = data;
          }
          case (int) RecordType.CRC -> {
            if (decoder.crc() != 0 && decoder.crc() != rec.getCrc()) {
              throw new EtcdFormatException("wal: crc mismatch");
            }
            decoder.resetCrc(rec.getCrc());
          }
          case (int) RecordType.SNAPSHOT -> {
            Snapshot s = Snapshot.parseFrom(data);
            if (s.getIndex() == start.getIndex()) {
              if (s.getTerm() != start.getTerm()) {
                throw new EtcdFormatException("wal: snapshot mismatch");
              }
              match = true;
            }
          }
          default -> throw new EtcdFormatException("unexpected block type " + rec.getType());
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new EtcdFormatException("wal: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
    return new WalContents(metadata, state, List.copyOf(entries), match);
  }
}
