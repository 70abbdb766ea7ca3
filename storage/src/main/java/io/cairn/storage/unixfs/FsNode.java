package io.cairn.storage.unixfs;

import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A UnixFS {@code Data} message as boxo's {@code unixfs.FSNode} holds it while a file is changed:
 * decoded with Go's proto2 rules (last value wins, absent differs from zero or empty, unknown
 * fields kept) and encoded again as Go's {@code proto.Marshal} does (known fields in number order,
 * {@code blocksizes} unpacked, unknown fields after them), so a node boxo would leave
 * byte-identical stays byte-identical here. {@link UnixFsData} is the reader's view; this is the
 * writer's.
 */
final class FsNode {
  static final int RAW = 0;
  static final int DIRECTORY = 1;
  static final int FILE = 2;
  static final int METADATA = 3;
  static final int SYMLINK = 4;
  static final int HAMT_SHARD = 5;

  /** Go's zero {@code time.Time} in Unix seconds: such an mtime reads as no mtime. */
  private static final long GO_ZERO_TIME_SECONDS = -62_135_596_800L;

  private int type;
  private byte[] data;
  private Long fileSize;
  private final List<Long> blockSizes = new ArrayList<>();
  private Long hashType;
  private Long fanout;
  private Long mode;
  private Mtime mtime;
  private final ByteArrayOutputStream unknown = new ByteArrayOutputStream();

  /** The {@code IPFSTimestamp} message; fields null when absent, unknown ones kept. */
  private static final class Mtime {
    Long seconds;
    Integer nanos;
    final ByteArrayOutputStream unknown = new ByteArrayOutputStream();
  }

  private FsNode(int type) {
    this.type = type;
  }

  /** boxo {@code unixfs.NewFSNode}: the type and a file size of 0. */
  static FsNode create(int type) {
    FsNode n = new FsNode(type);
    n.fileSize = 0L;
    return n;
  }

  /**
   * boxo {@code unixfs.FSNodeFromBytes}.
   *
   * @throws CodecException when the bytes are not a UnixFS Data message with a known type
   */
  static FsNode decode(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes == null ? new byte[0] : bytes, "UnixFS data");
    FsNode n = new FsNode(-1);
    while (r.next()) {
      int f = r.field();
      switch (f) {
        case 1 -> {
          long t = r.expect(Protobuf.VARINT, "Type").varint();
          if (t < RAW || t > HAMT_SHARD) {
            throw r.malformed("unknown UnixFS type " + t);
          }
          n.type = (int) t;
        }
        case 2 -> n.data = r.expect(Protobuf.LENGTH_DELIMITED, "Data").bytes();
        case 3 -> n.fileSize = r.expect(Protobuf.VARINT, "filesize").varint();
        case 4 -> {
          if (r.wireType() == Protobuf.LENGTH_DELIMITED) {
            Protobuf.Reader packed = r.message("UnixFS blocksizes");
            while (packed.hasMore()) {
              n.blockSizes.add(packed.varint());
            }
          } else {
            n.blockSizes.add(r.expect(Protobuf.VARINT, "blocksizes").varint());
          }
        }
        case 5 -> n.hashType = r.expect(Protobuf.VARINT, "hashType").varint();
        case 6 -> n.fanout = r.expect(Protobuf.VARINT, "fanout").varint();
        case 7 -> n.mode = r.expect(Protobuf.VARINT, "mode").varint() & 0xFFFF_FFFFL;
        case 8 ->
            n.mtime =
                decodeMtime(r.expect(Protobuf.LENGTH_DELIMITED, "mtime").message("UnixFS mtime"));
        default -> n.unknown.writeBytes(readUnknown(r, f, r.wireType()));
      }
    }
    if (n.type < 0) {
      throw r.malformed("Type is missing");
    }
    return n;
  }

  private static Mtime decodeMtime(Protobuf.Reader r) {
    Mtime m = new Mtime();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> m.seconds = r.expect(Protobuf.VARINT, "Seconds").varint();
        case 2 -> m.nanos = r.expect(Protobuf.FIXED32, "FractionalNanoseconds").fixed32();
        default -> m.unknown.writeBytes(readUnknown(r, r.field(), r.wireType()));
      }
    }
    return m;
  }

  /** An unknown field, tag included, re-encoded as it came. */
  private static byte[] readUnknown(Protobuf.Reader r, int field, int wire) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeVarint(out, ((long) field << 3) | wire);
    switch (wire) {
      case Protobuf.VARINT -> writeVarint(out, r.varint());
      case Protobuf.LENGTH_DELIMITED -> {
        byte[] b = r.bytes();
        writeVarint(out, b.length);
        out.writeBytes(b);
      }
      case Protobuf.FIXED32 -> writeFixed32(out, r.fixed32());
      case Protobuf.FIXED64 -> {
        writeFixed32(out, r.fixed32());
        writeFixed32(out, r.fixed32());
      }
      default -> throw r.malformed("unsupported wire type " + wire + " in field " + field);
    }
    return out.toByteArray();
  }

  /** boxo {@code FSNode.GetBytes}. */
  byte[] encode() {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(24 + (data == null ? 0 : data.length) + blockSizes.size() * 5);
    writeVarint(out, 1 << 3);
    writeVarint(out, type);
    if (data != null) {
      writeVarint(out, 2 << 3 | Protobuf.LENGTH_DELIMITED);
      writeVarint(out, data.length);
      out.writeBytes(data);
    }
    writeOptional(out, 3, fileSize);
    for (long size : blockSizes) {
      writeOptional(out, 4, size);
    }
    writeOptional(out, 5, hashType);
    writeOptional(out, 6, fanout);
    writeOptional(out, 7, mode);
    if (mtime != null) {
      ByteArrayOutputStream t = new ByteArrayOutputStream();
      writeOptional(t, 1, mtime.seconds);
      if (mtime.nanos != null) {
        writeVarint(t, 2 << 3 | Protobuf.FIXED32);
        writeFixed32(t, mtime.nanos);
      }
      t.writeBytes(mtime.unknown.toByteArray());
      writeVarint(out, 8 << 3 | Protobuf.LENGTH_DELIMITED);
      writeVarint(out, t.size());
      out.writeBytes(t.toByteArray());
    }
    out.writeBytes(unknown.toByteArray());
    return out.toByteArray();
  }

  private static void writeOptional(ByteArrayOutputStream out, int field, Long value) {
    if (value != null) {
      writeVarint(out, (long) field << 3);
      writeVarint(out, value);
    }
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    byte[] b = new byte[10];
    out.write(b, 0, Varint.write(value, b, 0));
  }

  private static void writeFixed32(ByteArrayOutputStream out, int v) {
    for (int i = 0; i < 4; i++) {
      out.write(v >>> (8 * i));
    }
  }

  int type() {
    return type;
  }

  /** The inline data, or null when absent (Go's nil). */
  byte[] data() {
    return data;
  }

  int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** boxo {@code FSNode.SetData}: the file size moves by the change in length. */
  void setData(byte[] newData) {
    updateFileSize((long) (newData == null ? 0 : newData.length) - dataLength());
    data = newData;
  }

  /** boxo {@code FSNode.FileSize} (the {@code size} helper); throws for directories. */
  long fileSize() {
    return switch (type) {
      case FILE, RAW -> fileSize == null ? 0 : fileSize;
      case SYMLINK -> dataLength();
      case DIRECTORY, HAMT_SHARD ->
          throw new IllegalArgumentException("can't get data size of directory");
      default -> throw new IllegalArgumentException("unrecognized node data type");
    };
  }

  private void updateFileSize(long diff) {
    fileSize = (fileSize == null ? 0 : fileSize) + diff;
  }

  int numChildren() {
    return blockSizes.size();
  }

  long blockSize(int i) {
    return blockSizes.get(i);
  }

  void addBlockSize(long size) {
    updateFileSize(size);
    blockSizes.add(size);
  }

  void removeBlockSize(int i) {
    updateFileSize(-blockSizes.get(i));
    blockSizes.remove(i);
  }

  /** boxo {@code RemoveAllBlockSizes}: the file size becomes the inline data's length. */
  void removeAllBlockSizes() {
    blockSizes.clear();
    fileSize = (long) dataLength();
  }

  /** Whether boxo's {@code FSNode.Mode()} is non-zero: permission bits set. */
  boolean hasMode() {
    return mode != null && (mode & 0xFFF) != 0;
  }

  /** Whether boxo's {@code FSNode.ModTime()} is a real time rather than Go's zero time. */
  boolean hasModTime() {
    if (mtime == null || mtime.seconds == null) {
      return false;
    }
    if (mtime.nanos == null) {
      return mtime.seconds != GO_ZERO_TIME_SECONDS;
    }
    long nanos = mtime.nanos & 0xFFFF_FFFFL;
    return nanos >= 1 && nanos <= 999_999_999;
  }

  /** boxo {@code FSNode.SetModTime} with a non-zero time. */
  void setModTime(Instant t) {
    if (mtime == null) {
      mtime = new Mtime();
    }
    mtime.seconds = t.getEpochSecond();
    mtime.nanos = t.getNano() > 0 ? t.getNano() : null;
  }
}
