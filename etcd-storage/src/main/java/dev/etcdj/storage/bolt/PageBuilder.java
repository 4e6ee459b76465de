package dev.etcdj.storage.bolt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the elements of one leaf or branch page and lays them out as bbolt does: elements
 * first, then each element's key (and value), pos counted from the element.
 */
final class PageBuilder {
  /** A leaf element (flags, key, value) or a branch element (key, child). */
  record Element(int flags, byte[] key, byte[] value, long child) {}

  private final boolean leaf;
  private final List<Element> elements = new ArrayList<>();
  private int bytes = BoltFormat.PAGE_HEADER;

  PageBuilder(boolean leaf) {
    this.leaf = leaf;
  }

  boolean isEmpty() {
    return elements.isEmpty();
  }

  byte[] firstKey() {
    return elements.get(0).key();
  }

  /** True if the element still fits in one page (an element alone always "fits": overflow). */
  boolean fits(Element e) {
    return elements.isEmpty() || bytes + size(e) <= BoltFormat.PAGE_SIZE;
  }

  void add(Element e) {
    elements.add(e);
    bytes += size(e);
  }

  /** Pages this page spans. */
  int pages() {
    return (bytes + BoltFormat.PAGE_SIZE - 1) / BoltFormat.PAGE_SIZE;
  }

  /** The page with id {@code pgid}, padded to whole pages; clears the builder. */
  ByteBuffer build(long pgid) {
    int pages = Math.max(1, pages());
    ByteBuffer b = ByteBuffer.allocate(pages * BoltFormat.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(pgid).putShort((short) (leaf ? BoltFormat.LEAF : BoltFormat.BRANCH))
        .putShort((short) elements.size()).putInt(pages - 1);
    int data = BoltFormat.PAGE_HEADER + elements.size() * BoltFormat.ELEMENT;
    for (int i = 0; i < elements.size(); i++) {
      Element e = elements.get(i);
      int at = BoltFormat.PAGE_HEADER + i * BoltFormat.ELEMENT;
      int pos = data - at;
      if (leaf) {
        b.putInt(at, e.flags()).putInt(at + 4, pos).putInt(at + 8, e.key().length)
            .putInt(at + 12, e.value().length);
        b.put(data, e.key()).put(data + e.key().length, e.value());
        data += e.key().length + e.value().length;
      } else {
        b.putInt(at, pos).putInt(at + 4, e.key().length).putLong(at + 8, e.child());
        b.put(data, e.key());
        data += e.key().length;
      }
    }
    elements.clear();
    bytes = BoltFormat.PAGE_HEADER;
    b.position(0);
    return b;
  }

  private int size(Element e) {
    return BoltFormat.ELEMENT + e.key().length + (leaf ? e.value().length : 0);
  }

  /** The most elements a page may hold (its count is a u16). */
  static final int MAX_ELEMENTS = 0xFFFF;

  boolean full() {
    return elements.size() == MAX_ELEMENTS;
  }
}
