package io.cairn.storage.car;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed 40-byte header that follows the CARv2 pragma (IPLD spec "CARv2"): a 128-bit
 * characteristics field (written as two little-endian 64-bit words, as go-car does), then the
 * offset and size of the inner CARv1 payload and the offset of the index (0 when there is none),
 * all counted in bytes from the start of the file.
 */
public record CarV2Header(
    long characteristicsHi,
    long characteristicsLo,
    long dataOffset,
    long dataSize,
    long indexOffset) {
  /** The 11 bytes that open every CARv2: a CARv1-style header {@code {"version": 2}}. */
  private static final byte[] PRAGMA = {
    0x0a, (byte) 0xa1, 0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x02
  };

  public static final int PRAGMA_SIZE = 11;
  public static final int SIZE = 40;

  /** The fully-indexed characteristic: the left-most bit, bit 7 of the first byte. */
  private static final long FULLY_INDEXED = 1L << 7;

  public CarV2Header {
    if (dataOffset < PRAGMA_SIZE + SIZE) {
      throw new InvalidCarException(
          "CARv2 data offset " + Long.toUnsignedString(dataOffset) + " is inside the header");
    }
    if (dataSize <= 0) {
      throw new InvalidCarException(
          "CARv2 data size " + Long.toUnsignedString(dataSize) + " is not a positive size");
    }
    if (dataOffset + dataSize < dataOffset) {
      throw new InvalidCarException("CARv2 data offset plus size overflows");
    }
    if (indexOffset != 0 && Long.compareUnsigned(indexOffset, dataOffset + dataSize) < 0) {
      throw new InvalidCarException(
          "CARv2 index offset "
              + Long.toUnsignedString(indexOffset)
              + " is before the end of the data payload at "
              + (dataOffset + dataSize));
    }
  }

  /** A header for a payload of {@code dataSize} bytes right after the header. */
  public static CarV2Header of(long dataSize, boolean withIndex) {
    long dataOffset = PRAGMA_SIZE + SIZE;
    return new CarV2Header(0, 0, dataOffset, dataSize, withIndex ? dataOffset + dataSize : 0);
  }

  public static byte[] pragma() {
    return PRAGMA.clone();
  }

  /** Whether the index lists every section, identity CIDs included. */
  public boolean fullyIndexed() {
    return (characteristicsHi & FULLY_INDEXED) != 0;
  }

  public CarV2Header withFullyIndexed(boolean on) {
    long hi = on ? characteristicsHi | FULLY_INDEXED : characteristicsHi & ~FULLY_INDEXED;
    return new CarV2Header(hi, characteristicsLo, dataOffset, dataSize, indexOffset);
  }

  public boolean hasIndex() {
    return indexOffset != 0;
  }

  public byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(characteristicsHi).putLong(characteristicsLo);
    buf.putLong(dataOffset).putLong(dataSize).putLong(indexOffset);
    return buf.array();
  }

  static CarV2Header decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return new CarV2Header(
        buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
  }

  static boolean isPragma(byte[] headerBlock) {
    // The header block is the pragma without its leading length byte.
    if (headerBlock.length != PRAGMA_SIZE - 1) {
      return false;
    }
    for (int i = 0; i < headerBlock.length; i++) {
      if (headerBlock[i] != PRAGMA[i + 1]) {
        return false;
      }
    }
    return true;
  }
}
