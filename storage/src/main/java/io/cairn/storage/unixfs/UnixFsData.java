package io.cairn.storage.unixfs;

import io.cairn.storage.codec.Protobuf;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The UnixFS v1 {@code Data} message carried in a DAG-PB node's Data field. Encoding writes the
 * fields in number order with {@code blocksizes} unpacked, as Kubo does; decoding accepts packed or
 * unpacked {@code blocksizes} and skips unknown fields.
 *
 * @param data file bytes for leaves, link target for symlinks, bitfield for HAMT shards; null when
 *     absent
 * @param fileSize total file size; null when absent
 * @param hashType HAMT hash function code; null when absent
 * @param fanout HAMT fanout; null when absent
 * @param mode POSIX permission bits; null when absent
 * @param mtime modification time; null when absent
 */
public record UnixFsData(
    Type type,
    byte[] data,
    Long fileSize,
    List<Long> blockSizes,
    Long hashType,
    Long fanout,
    Integer mode,
    Instant mtime) {

  /** The UnixFS node types, with their wire numbers. */
  public enum Type {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int wire;

    Type(int wire) {
      this.wire = wire;
    }

    public int wire() {
      return wire;
    }

    static Type ofWire(long wire, Protobuf.Reader r) {
      for (Type t : values()) {
        if (t.wire == wire) {
          return t;
        }
      }
      throw r.malformed("unknown UnixFS type " + wire);
    }
  }

  public UnixFsData {
    if (type == null) {
      throw new IllegalArgumentException("UnixFS Type is required");
    }
    blockSizes = blockSizes == null ? List.of() : List.copyOf(blockSizes);
  }

  public static UnixFsData directory() {
    return new UnixFsData(Type.DIRECTORY, null, null, List.of(), null, null, null, null);
  }

  public static UnixFsData symlink(byte[] target) {
    return new UnixFsData(Type.SYMLINK, target, null, List.of(), null, null, null, null);
  }

  /** Same node with mode and mtime set (either may be null). */
  public UnixFsData withMetadata(Integer newMode, Instant newMtime) {
    return new UnixFsData(type, data, fileSize, blockSizes, hashType, fanout, newMode, newMtime);
  }

  public byte[] encode() {
    Protobuf.Writer w =
        new Protobuf.Writer((data == null ? 0 : data.length) + 16 + blockSizes.size() * 4);
    w.varint(1, type.wire);
    if (data != null) {
      w.bytes(2, data);
    }
    if (fileSize != null) {
      w.varint(3, fileSize);
    }
    for (long size : blockSizes) {
      w.varint(4, size);
    }
    if (hashType != null) {
      w.varint(5, hashType);
    }
    if (fanout != null) {
      w.varint(6, fanout);
    }
    if (mode != null) {
      w.varint(7, mode & 0xFFFFFFFFL);
    }
    if (mtime != null) {
      Protobuf.Writer t = new Protobuf.Writer(16);
      t.varint(1, mtime.getEpochSecond());
      if (mtime.getNano() != 0) {
        t.fixed32(2, mtime.getNano());
      }
      w.bytes(8, t.toByteArray());
    }
    return w.toByteArray();
  }

  /**
   * Decodes a UnixFS Data message.
   *
   * @throws io.cairn.storage.codec.CodecException naming the fault
   */
  public static UnixFsData decode(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "UnixFS data");
    Type type = null;
    byte[] data = null;
    Long fileSize = null;
    List<Long> blockSizes = new java.util.ArrayList<>();
    Long hashType = null;
    Long fanout = null;
    Integer mode = null;
    Instant mtime = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> type = Type.ofWire(r.expect(Protobuf.VARINT, "Type").varint(), r);
        case 2 -> data = r.expect(Protobuf.LENGTH_DELIMITED, "Data").bytes();
        case 3 -> fileSize = r.expect(Protobuf.VARINT, "filesize").varint();
        case 4 -> {
          if (r.wireType() == Protobuf.LENGTH_DELIMITED) {
            Protobuf.Reader packed = r.message("UnixFS blocksizes");
            while (packed.hasMore()) {
              blockSizes.add(packed.varint());
            }
          } else {
            blockSizes.add(r.expect(Protobuf.VARINT, "blocksizes").varint());
          }
        }
        case 5 -> hashType = r.expect(Protobuf.VARINT, "hashType").varint();
        case 6 -> fanout = r.expect(Protobuf.VARINT, "fanout").varint();
        case 7 -> mode = (int) r.expect(Protobuf.VARINT, "mode").varint();
        case 8 ->
            mtime =
                decodeTime(r.expect(Protobuf.LENGTH_DELIMITED, "mtime").message("UnixFS mtime"));
        default -> r.skip();
      }
    }
    if (type == null) {
      throw r.malformed("Type is missing");
    }
    return new UnixFsData(type, data, fileSize, blockSizes, hashType, fanout, mode, mtime);
  }

  private static Instant decodeTime(Protobuf.Reader r) {
    long seconds = 0;
    int nanos = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> seconds = r.expect(Protobuf.VARINT, "Seconds").varint();
        case 2 -> {
          nanos = r.expect(Protobuf.FIXED32, "FractionalNanoseconds").fixed32();
          // The spec allows 1..999999999 on the wire; the JS unixfs package writes an explicit 0
          // for whole seconds, which reads as no fraction (Kubo drops such an mtime instead).
          if (nanos < 0 || nanos > 999_999_999) {
            throw r.malformed(
                "FractionalNanoseconds " + Integer.toUnsignedString(nanos) + " is out of range");
          }
        }
        default -> r.skip();
      }
    }
    if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
      throw r.malformed("mtime Seconds " + seconds + " is out of range");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnixFsData u
        && type == u.type
        && Arrays.equals(data, u.data)
        && java.util.Objects.equals(fileSize, u.fileSize)
        && blockSizes.equals(u.blockSizes)
        && java.util.Objects.equals(hashType, u.hashType)
        && java.util.Objects.equals(fanout, u.fanout)
        && java.util.Objects.equals(mode, u.mode)
        && java.util.Objects.equals(mtime, u.mtime);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(type, Arrays.hashCode(data), fileSize, blockSizes, mode, mtime);
  }

  @Override
  public String toString() {
    return "UnixFsData["
        + type
        + ", data="
        + (data == null ? "absent" : data.length + " bytes")
        + ", filesize="
        + fileSize
        + ", blocksizes="
        + blockSizes.size()
        + "]";
  }
}
