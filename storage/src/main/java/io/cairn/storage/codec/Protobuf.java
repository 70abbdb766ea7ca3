package io.cairn.storage.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written protobuf framing for DAG-PB and UnixFS, where field order and presence must be
 * exactly what other implementations write (protobuf-java reorders fields on output).
 */
public final class Protobuf {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  private Protobuf() {}

  /** Appends fields in the order they are written. */
  public static final class Writer {
    private final ByteArrayOutputStream out;

    public Writer() {
      this(64);
    }

    public Writer(int capacity) {
      out = new ByteArrayOutputStream(capacity);
    }

    public Writer varint(int field, long value) {
      tag(field, VARINT);
      rawVarint(value);
      return this;
    }

    public Writer bytes(int field, byte[] value) {
      return bytes(field, value, 0, value.length);
    }

    public Writer bytes(int field, byte[] value, int offset, int length) {
      tag(field, LENGTH_DELIMITED);
      rawVarint(length);
      out.write(value, offset, length);
      return this;
    }

    public Writer string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public Writer fixed32(int field, int value) {
      tag(field, FIXED32);
      for (int i = 0; i < 4; i++) {
        out.write((value >>> (8 * i)) & 0xFF);
      }
      return this;
    }

    public int size() {
      return out.size();
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }

  /** Reads fields one at a time, failing with a {@link CodecException} on any framing error. */
  public static final class Reader {
    private final byte[] buf;
    private final int end;
    private final String what;
    private int pos;
    private int field;
    private int wireType;

    /**
     * @param what names the message in error messages ("dag-pb node", "UnixFS data")
     */
    public Reader(byte[] buf, int offset, int length, String what) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
      this.what = what;
    }

    public Reader(byte[] buf, String what) {
      this(buf, 0, buf.length, what);
    }

    /** Whether bytes remain (for packed repeated fields). */
    public boolean hasMore() {
      return pos < end;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
      if (pos >= end) {
        return false;
      }
      long key = rawVarint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      if (field == 0 || key >>> 3 > Integer.MAX_VALUE) {
        throw malformed("invalid field number " + (key >>> 3));
      }
      return true;
    }

    public int field() {
      return field;
    }

    public int wireType() {
      return wireType;
    }

    /** Throws unless the current field has the given wire type. */
    public Reader expect(int type, String fieldName) {
      if (wireType != type) {
        throw malformed("field " + fieldName + " has wire type " + wireType + ", expected " + type);
      }
      return this;
    }

    public long varint() {
      return rawVarint();
    }

    public byte[] bytes() {
      int length = length();
      byte[] out = new byte[length];
      System.arraycopy(buf, pos, out, 0, length);
      pos += length;
      return out;
    }

    /** A nested message: returns a reader over its bytes and skips past them. */
    public Reader message(String nestedWhat) {
      int length = length();
      Reader r = new Reader(buf, pos, length, nestedWhat);
      pos += length;
      return r;
    }

    public String string() {
      int length = length();
      String s = decodeUtf8(buf, pos, length);
      pos += length;
      return s;
    }

    public int fixed32() {
      if (end - pos < 4) {
        throw malformed("truncated fixed32");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v |= (buf[pos++] & 0xFF) << (8 * i);
      }
      return v;
    }

    /** Skips the current field's value (for readers that tolerate unknown fields). */
    public void skip() {
      switch (wireType) {
        case VARINT -> rawVarint();
        case FIXED64 -> advance(8);
        case LENGTH_DELIMITED -> advance(length());
        case FIXED32 -> advance(4);
        default -> throw malformed("unsupported wire type " + wireType);
      }
    }

    public CodecException malformed(String message) {
      return new CodecException(what + " is malformed: " + message);
    }

    private void advance(int n) {
      if (n < 0 || end - pos < n) {
        throw malformed("truncated field " + field);
      }
      pos += n;
    }

    private int length() {
      long length = rawVarint();
      // A 10-byte varint can set the sign bit: a negative length would move the reader backwards.
      if (length < 0 || length > end - pos) {
        throw malformed(
            "field " + field + " claims " + length + " bytes but " + (end - pos) + " remain");
      }
      return (int) length;
    }

    private long rawVarint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw malformed("truncated varint");
        }
        int b = buf[pos++] & 0xFF;
        if (shift == 63 && b > 1) {
          throw malformed("varint overflows 64 bits");
        }
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw malformed("varint longer than 10 bytes");
    }

    private String decodeUtf8(byte[] b, int off, int len) {
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
      try {
        return decoder.decode(java.nio.ByteBuffer.wrap(b, off, len)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw malformed("field " + field + " is not valid UTF-8");
      }
    }
  }
}
