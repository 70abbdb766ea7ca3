package io.cairn.storage.car;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a CARv1 or CARv2 file as a stream of blocks, holding one block at a time. The header is
 * read on open; a CARv2 is recognised by its pragma and its inner CARv1 payload is read within the
 * bounds its header gives. Every block is hash-checked against its CID (identity CIDs included).
 * Errors name the block (counted from 1) and the byte offset of its section.
 *
 * <p>With {@link Options#checkIndex()}, a CARv2 index is read after the last block and checked
 * against the sections seen (which then costs memory per block).
 */
public final class CarReader implements Iterable<Block>, AutoCloseable {
  /** Bytes a section may hold beyond its block: the CID. */
  static final int MAX_CID_BYTES = 4096;

  /**
   * Limits and checks.
   *
   * @param maxHeaderSize the largest CARv1 header block accepted
   * @param maxBlockSize the largest block accepted
   * @param checkIndex whether to read a CARv2 index and check it agrees with the payload
   */
  public record Options(int maxHeaderSize, int maxBlockSize, boolean checkIndex) {
    public Options {
      if (maxHeaderSize <= 0 || maxBlockSize <= 0) {
        throw new IllegalArgumentException("CAR reader limits must be positive");
      }
    }

    public static Options defaults() {
      return new Options(1 << 20, BlockStore.MAX_BLOCK_SIZE, false);
    }

    public Options withIndexCheck() {
      return new Options(maxHeaderSize, maxBlockSize, true);
    }
  }

  private final CarInput in;
  private final Options options;
  private final CarHeader header;
  private final long payloadStart;
  private final IndexCheck indexCheck;
  private boolean iterated;
  private boolean finished;
  private long blocks;
  private CarIndex index;

  private CarReader(InputStream stream, Options options) {
    this.in = new CarInput(stream);
    this.options = options;
    CarV2Header v2 = null;
    byte[] first = headerBlock(0);
    List<Cid> roots;
    if (CarV2Header.isPragma(first)) {
      byte[] fixed = new byte[CarV2Header.SIZE];
      if (in.readFully(fixed, 0, fixed.length) != fixed.length) {
        throw new InvalidCarException("CARv2 header at byte 11 is truncated");
      }
      v2 = CarV2Header.decode(fixed);
      long gap = v2.dataOffset() - in.position();
      if (in.skip(gap) != gap) {
        throw new InvalidCarException(
            "CARv2 file ends before its data payload at byte " + v2.dataOffset());
      }
      in.limit(v2.dataOffset() + v2.dataSize());
      roots = CarHeader.decodeRoots(headerBlock(in.position()), v2.dataOffset());
    } else {
      roots = CarHeader.decodeRoots(first, 0);
    }
    this.header = new CarHeader(roots, v2);
    this.payloadStart = v2 == null ? 0 : v2.dataOffset();
    this.indexCheck =
        options.checkIndex() && v2 != null && v2.hasIndex() ? new IndexCheck(v2) : null;
  }

  public static CarReader open(InputStream in) {
    return new CarReader(in, Options.defaults());
  }

  public static CarReader open(InputStream in, Options options) {
    return new CarReader(in, options);
  }

  public static CarReader open(Path file) {
    return open(file, Options.defaults());
  }

  public static CarReader open(Path file, Options options) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open CAR file " + file, e);
    }
    try {
      return new CarReader(in, options);
    } catch (RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public CarHeader header() {
    return header;
  }

  public List<Cid> roots() {
    return header.roots();
  }

  /** Blocks read so far. */
  public long blockCount() {
    return blocks;
  }

  /** The blocks in file order; the iterator can be taken once. */
  @Override
  public Iterator<Block> iterator() {
    if (iterated) {
      throw new IllegalStateException("the blocks of a CAR can be iterated only once");
    }
    iterated = true;
    return new Iterator<>() {
      private Block next;

      @Override
      public boolean hasNext() {
        if (next == null && !finished) {
          next = readBlock();
        }
        return next != null;
      }

      @Override
      public Block next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Block b = next;
        next = null;
        return b;
      }
    };
  }

  /** The blocks as a sequential stream; close the reader (not only the stream) when done. */
  public Stream<Block> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The CARv2 index, read after the last block; empty for a CARv1 or a CARv2 without one.
   *
   * @throws IllegalStateException if blocks remain unread
   */
  public Optional<CarIndex> index() {
    if (header.v2() == null || !header.v2().hasIndex()) {
      return Optional.empty();
    }
    if (!finished) {
      throw new IllegalStateException("read every block before the index");
    }
    if (index == null) {
      index = readIndex();
    }
    return Optional.of(index);
  }

  private byte[] headerBlock(long at) {
    long length = in.varint("header length");
    if (length < 0) {
      throw new InvalidCarException("CAR is empty: no header at byte " + at);
    }
    if (length == 0) {
      throw new InvalidCarException("CAR header at byte " + at + " has length zero");
    }
    if (length > options.maxHeaderSize()) {
      throw new InvalidCarException(
          "CAR header at byte "
              + at
              + " claims "
              + length
              + " bytes, over the limit of "
              + options.maxHeaderSize());
    }
    byte[] block = new byte[(int) length];
    int n = in.readFully(block, 0, block.length);
    if (n != block.length) {
      throw new InvalidCarException(
          "CAR header at byte " + at + " is truncated: " + n + " of " + length + " bytes");
    }
    return block;
  }

  private Block readBlock() {
    long at = in.position();
    long number = blocks + 1;
    long length = in.varint("length of block " + number);
    if (length < 0) {
      finish(at);
      return null;
    }
    String where = "CAR block " + number + " at byte " + at;
    if (length == 0) {
      throw new InvalidCarException(where + ": zero-length section");
    }
    if (length > (long) options.maxBlockSize() + MAX_CID_BYTES) {
      throw new InvalidCarException(
          where
              + ": section of "
              + length
              + " bytes is over the limit of "
              + options.maxBlockSize()
              + " bytes per block");
    }
    byte[] section = new byte[(int) length];
    int n = in.readFully(section, 0, section.length);
    if (n != section.length) {
      throw new InvalidCarException(
          where
              + " is truncated: its section has "
              + n
              + " of "
              + length
              + " bytes"
              + (header.v2() != null && in.position() == in.limit()
                  ? " within the CARv2 data size"
                  : ""));
    }
    ByteBuffer buf = ByteBuffer.wrap(section);
    Cid cid;
    try {
      cid = Cid.read(buf);
    } catch (IllegalArgumentException e) {
      throw new InvalidCarException(where + ": invalid CID: " + e.getMessage(), e);
    }
    byte[] data = Arrays.copyOfRange(section, buf.position(), section.length);
    if (data.length > options.maxBlockSize()) {
      throw new InvalidCarException(
          where
              + ": block of "
              + data.length
              + " bytes is over the limit of "
              + options.maxBlockSize());
    }
    if (cid.multihash().function().isEmpty()) {
      throw new InvalidCarException(
          where
              + ": CID "
              + cid
              + " uses hash function "
              + cid.multihash().functionName()
              + ", which this node cannot verify");
    }
    if (!cid.multihash().matches(data)) {
      throw new InvalidCarException(where + ": CID " + cid + " does not match its data");
    }
    blocks++;
    if (indexCheck != null) {
      indexCheck.section(number, cid, at - payloadStart);
    }
    return new Block(cid, data);
  }

  private void finish(long at) {
    finished = true;
    CarV2Header v2 = header.v2();
    if (v2 != null && at != v2.dataOffset() + v2.dataSize()) {
      throw new InvalidCarException(
          "CARv2 file ends at byte "
              + at
              + ", inside its data payload, which should end at byte "
              + (v2.dataOffset() + v2.dataSize()));
    }
    if (indexCheck != null) {
      index = readIndex();
      indexCheck.verify(index);
    }
  }

  private CarIndex readIndex() {
    CarV2Header v2 = header.v2();
    in.unlimit();
    long gap = v2.indexOffset() - in.position();
    if (gap < 0) {
      throw new IllegalStateException("the index was already read");
    }
    if (in.skip(gap) != gap) {
      throw new InvalidCarException("CARv2 file ends before its index at byte " + v2.indexOffset());
    }
    return CarIndex.read(in.rest(), v2.indexOffset());
  }

  @Override
  public void close() {
    in.close();
  }
}
