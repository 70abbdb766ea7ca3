package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.WantType;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf form of {@link BitswapMessage} (ipfs/specs {@code bitswap-protocol.md}, 1.2.0).
 * Decoding is strict: a field with the wrong wire type, an enum value out of range, a CID that does
 * not parse or a block over 2 MiB fails with a {@link CodecException} naming the field. Unknown
 * fields are skipped, as protobuf requires.
 */
final class BitswapCodec {
  /** Sent for a want this side does not rank; Helia and Kubo use 1 as well. */
  static final int DEFAULT_PRIORITY = 1;

  private static final CidPrefix V0_PREFIX =
      new CidPrefix(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256.code(), 32);

  private BitswapCodec() {}

  static byte[] encode(BitswapMessage m) {
    Encoding e = new Encoding(m);
    byte[] body = new byte[e.bodySize()];
    ByteBuf out = Unpooled.wrappedBuffer(body).clear();
    e.writeBody(out);
    if (out.writerIndex() != body.length) {
      throw new IllegalStateException(
          "bitswap message encoded to " + out.writerIndex() + " bytes, sized " + body.length);
    }
    return body;
  }

  /**
   * A message ready to be written: its small parts (wantlist, presences) encoded, its blocks' data
   * still in their arrays, so {@link #writeBody} copies each block once, straight into the outgoing
   * buffer. (Building the message in a byte array first copied each block four times, each into a
   * fresh array of its size.)
   */
  static final class Encoding {
    private final byte[] wantlist;
    private final List<byte[]> prefixes = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private final byte[] tail;
    private final int bodySize;

    Encoding(BitswapMessage m) {
      wantlist = m.wants().isEmpty() && !m.full() ? null : wantlist(m);
      long size = wantlist == null ? 0 : field(wantlist.length);
      for (Payload p : m.blocks()) {
        byte[] prefix = p.prefix().encode();
        prefixes.add(prefix);
        data.add(p.data());
        size += field(payloadSize(prefix, p.data()));
      }
      Protobuf.Writer t = new Protobuf.Writer();
      for (Presence p : m.presences()) {
        Protobuf.Writer pw = new Protobuf.Writer();
        pw.bytes(1, p.cid().bytes());
        if (!p.have()) {
          pw.varint(2, 1);
        }
        t.bytes(4, pw.toByteArray());
      }
      if (m.pendingBytes() != 0) {
        t.varint(5, m.pendingBytes());
      }
      tail = t.toByteArray();
      size += tail.length;
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("bitswap message of " + size + " bytes");
      }
      bodySize = (int) size;
    }

    int bodySize() {
      return bodySize;
    }

    /** Writes the protobuf body: the fields in the order of the schema, as before. */
    void writeBody(ByteBuf out) {
      if (wantlist != null) {
        writeTag(out, 1);
        writeVarint(out, wantlist.length);
        out.writeBytes(wantlist);
      }
      for (int i = 0; i < data.size(); i++) {
        byte[] prefix = prefixes.get(i);
        byte[] d = data.get(i);
        writeTag(out, 3);
        writeVarint(out, payloadSize(prefix, d));
        writeTag(out, 1);
        writeVarint(out, prefix.length);
        out.writeBytes(prefix);
        writeTag(out, 2);
        writeVarint(out, d.length);
        out.writeBytes(d);
      }
      out.writeBytes(tail);
    }

    private static byte[] wantlist(BitswapMessage m) {
      Protobuf.Writer wl = new Protobuf.Writer();
      for (Want e : m.wants()) {
        Protobuf.Writer ew = new Protobuf.Writer();
        ew.bytes(1, e.cid().bytes());
        if (e.priority() != 0) {
          ew.varint(2, e.priority());
        }
        if (e.cancel()) {
          ew.varint(3, 1);
        }
        if (e.type() == WantType.HAVE) {
          ew.varint(4, 1);
        }
        if (e.sendDontHave()) {
          ew.varint(5, 1);
        }
        wl.bytes(1, ew.toByteArray());
      }
      if (m.full()) {
        wl.varint(2, 1);
      }
      return wl.toByteArray();
    }

    private static int payloadSize(byte[] prefix, byte[] d) {
      return field(prefix.length) + field(d.length);
    }

    /** The size of a length-delimited field with a one-byte tag. */
    private static int field(int length) {
      return 1 + varintSize(length) + length;
    }

    /** A one-byte tag of a length-delimited field (fields 1 to 15). */
    private static void writeTag(ByteBuf out, int field) {
      out.writeByte((field << 3) | Protobuf.LENGTH_DELIMITED);
    }
  }

  static int varintSize(int value) {
    int n = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  static void writeVarint(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  /** An upper bound of a block's share of an encoded message, beyond its data. */
  static int blockOverhead(Cid cid) {
    return 32 + cid.encodedLength();
  }

  /** An upper bound of a want's or presence's share of an encoded message. */
  static int entryOverhead(Cid cid) {
    return 24 + cid.encodedLength();
  }

  static BitswapMessage decode(byte[] bytes) {
    if (bytes.length > BitswapMessage.MAX_MESSAGE_SIZE) {
      throw new CodecException(
          "bitswap message of "
              + bytes.length
              + " bytes is over the limit of "
              + BitswapMessage.MAX_MESSAGE_SIZE);
    }
    List<Want> wants = new ArrayList<>();
    List<Payload> blocks = new ArrayList<>();
    List<Presence> presences = new ArrayList<>();
    boolean full = false;
    int pending = 0;
    Protobuf.Reader r = new Protobuf.Reader(bytes, "bitswap message");
    while (r.next()) {
      switch (r.field()) {
        case 1 -> full |= readWantlist(r.expect(Protobuf.LENGTH_DELIMITED, "wantlist"), wants);
        case 2 -> {
          // Bitswap 1.0.0 blocks: bare data named by a CIDv0.
          byte[] data = r.expect(Protobuf.LENGTH_DELIMITED, "blocks").bytes();
          blocks.add(new Payload(V0_PREFIX, checkBlockSize(data, "blocks", r)));
        }
        case 3 ->
            blocks.add(
                readPayload(
                    r.expect(Protobuf.LENGTH_DELIMITED, "payload").message("bitswap payload")));
        case 4 ->
            presences.add(
                readPresence(
                    r.expect(Protobuf.LENGTH_DELIMITED, "blockPresences")
                        .message("bitswap block presence")));
        case 5 -> pending = (int) r.expect(Protobuf.VARINT, "pendingBytes").varint();
        default -> r.skip();
      }
    }
    return new BitswapMessage(wants, full, blocks, presences, pending);
  }

  private static boolean readWantlist(Protobuf.Reader outer, List<Want> wants) {
    Protobuf.Reader r = outer.message("bitswap wantlist");
    boolean full = false;
    while (r.next()) {
      switch (r.field()) {
        case 1 ->
            wants.add(
                readWant(
                    r.expect(Protobuf.LENGTH_DELIMITED, "wantlist.entries")
                        .message("bitswap wantlist entry " + wants.size())));
        case 2 -> full = readBool(r, "wantlist.full");
        default -> r.skip();
      }
    }
    return full;
  }

  private static Want readWant(Protobuf.Reader r) {
    Cid cid = null;
    int priority = 0;
    boolean cancel = false;
    WantType type = WantType.BLOCK;
    boolean sendDontHave = false;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> cid = readCid(r.expect(Protobuf.LENGTH_DELIMITED, "block"), "block");
        case 2 -> priority = (int) r.expect(Protobuf.VARINT, "priority").varint();
        case 3 -> cancel = readBool(r, "cancel");
        case 4 -> {
          long v = r.expect(Protobuf.VARINT, "wantType").varint();
          if (v > 1) {
            throw r.malformed("field wantType is " + v + ", expected 0 (Block) or 1 (Have)");
          }
          type = v == 1 ? WantType.HAVE : WantType.BLOCK;
        }
        case 5 -> sendDontHave = readBool(r, "sendDontHave");
        default -> r.skip();
      }
    }
    if (cid == null) {
      throw r.malformed("field block (the CID) is missing");
    }
    return new Want(cid, priority, cancel, type, sendDontHave);
  }

  private static Payload readPayload(Protobuf.Reader r) {
    CidPrefix prefix = null;
    // proto3 leaves empty bytes out, so a payload without data is the empty block (Helia's leaf
    // of an empty file).
    byte[] data = new byte[0];
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          byte[] raw = r.expect(Protobuf.LENGTH_DELIMITED, "prefix").bytes();
          try {
            prefix = CidPrefix.decode(raw);
          } catch (CodecException e) {
            throw r.malformed("field prefix: " + e.getMessage());
          }
        }
        case 2 ->
            data = checkBlockSize(r.expect(Protobuf.LENGTH_DELIMITED, "data").bytes(), "data", r);
        default -> r.skip();
      }
    }
    if (prefix == null) {
      throw r.malformed("field prefix is missing");
    }
    return new Payload(prefix, data);
  }

  private static Presence readPresence(Protobuf.Reader r) {
    Cid cid = null;
    boolean have = true;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> cid = readCid(r.expect(Protobuf.LENGTH_DELIMITED, "cid"), "cid");
        case 2 -> {
          long v = r.expect(Protobuf.VARINT, "type").varint();
          if (v > 1) {
            throw r.malformed("field type is " + v + ", expected 0 (Have) or 1 (DontHave)");
          }
          have = v == 0;
        }
        default -> r.skip();
      }
    }
    if (cid == null) {
      throw r.malformed("field cid is missing");
    }
    return new Presence(cid, have);
  }

  private static Cid readCid(Protobuf.Reader r, String field) {
    byte[] raw = r.bytes();
    try {
      return Cid.decode(raw);
    } catch (IllegalArgumentException e) {
      throw r.malformed("field " + field + " is not a binary CID: " + e.getMessage());
    }
  }

  private static boolean readBool(Protobuf.Reader r, String field) {
    long v = r.expect(Protobuf.VARINT, field).varint();
    if (v > 1) {
      throw r.malformed("field " + field + " is " + v + ", expected a bool");
    }
    return v == 1;
  }

  private static byte[] checkBlockSize(byte[] data, String field, Protobuf.Reader r) {
    if (data.length > BlockStore.MAX_BLOCK_SIZE) {
      throw r.malformed(
          "field "
              + field
              + " holds a block of "
              + data.length
              + " bytes, over the limit of "
              + BlockStore.MAX_BLOCK_SIZE);
    }
    return data;
  }
}
