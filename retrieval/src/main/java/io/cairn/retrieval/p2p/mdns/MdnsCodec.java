package io.cairn.retrieval.p2p.mdns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link MdnsMessage}s with Netty's DNS record codec ({@code
 * io.netty.handler.codec.dns}), which follows compression pointers when it reads names; the 12-byte
 * header and the contents of TXT, SRV, A and AAAA records are handled here. Names are written
 * uncompressed. Every way a packet can be malformed ends in one {@link MdnsFormatException}.
 */
final class MdnsCodec {
  /** The largest mDNS packet (RFC 6762 section 17). */
  static final int MAX_PACKET = 9000;

  /** The most records (all sections together) a packet may hold to be read. */
  static final int MAX_RECORDS = 128;

  /** The longest character string of a TXT record. */
  static final int MAX_TXT_STRING = 255;

  private static final int FLAG_RESPONSE = 0x8000;
  private static final int FLAG_AUTHORITATIVE = 0x0400;
  private static final int CLASS_IN = 1;

  private MdnsCodec() {}

  /** Thrown for a packet that is not a well-formed DNS message within the limits above. */
  static final class MdnsFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    MdnsFormatException(String message) {
      super(message);
    }

    MdnsFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Decodes one packet; {@code in}'s index 0 must be the start of the DNS message (compression
   * pointers count from there). Records of other types are skipped; a message with an opcode or
   * response code other than 0 is refused, as RFC 6762 says to ignore them.
   */
  static MdnsMessage decode(ByteBuf in) throws MdnsFormatException {
    if (in.readableBytes() > MAX_PACKET) {
      throw new MdnsFormatException("packet of " + in.readableBytes() + " bytes is too large");
    }
    if (in.readableBytes() < 12) {
      throw new MdnsFormatException("packet of " + in.readableBytes() + " bytes has no header");
    }
    in.skipBytes(2); // the ID, zero in multicast messages and of no use here
    int flags = in.readUnsignedShort();
    int opcode = (flags >> 11) & 0xF;
    int rcode = flags & 0xF;
    if (opcode != 0 || rcode != 0) {
      throw new MdnsFormatException("opcode " + opcode + ", response code " + rcode);
    }
    int questions = in.readUnsignedShort();
    int answers = in.readUnsignedShort();
    int authorities = in.readUnsignedShort();
    int additionals = in.readUnsignedShort();
    if (questions + answers + authorities + additionals > MAX_RECORDS) {
      throw new MdnsFormatException(
          "too many records: "
              + questions
              + " questions, "
              + (answers + authorities + additionals)
              + " records");
    }
    try {
      List<MdnsMessage.Question> q = new ArrayList<>(questions);
      for (int i = 0; i < questions; i++) {
        DnsQuestion question = DnsRecordDecoder.DEFAULT.decodeQuestion(in);
        q.add(new MdnsMessage.Question(question.name(), question.type().intValue()));
      }
      List<MdnsMessage.Entry> an = records(in, answers);
      records(in, authorities);
      List<MdnsMessage.Entry> ar = records(in, additionals);
      return new MdnsMessage((flags & FLAG_RESPONSE) != 0, q, an, ar);
    } catch (MdnsFormatException e) {
      throw e;
    } catch (Exception e) {
      // Netty's decoder throws CorruptedFrameException, IndexOutOfBoundsException or
      // IllegalArgumentException (a name that is not a valid DNS name) for bad input
      throw new MdnsFormatException("malformed record: " + e, e);
    }
  }

  private static List<MdnsMessage.Entry> records(ByteBuf in, int count) throws Exception {
    List<MdnsMessage.Entry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DnsRecord r = DnsRecordDecoder.DEFAULT.decodeRecord(in);
      if (r == null) {
        throw new MdnsFormatException("record " + (i + 1) + " of " + count + " is truncated");
      }
      try {
        MdnsMessage.Entry e = entry(r);
        if (e != null) {
          out.add(e);
        }
      } finally {
        ReferenceCountUtil.release(r);
      }
    }
    return out;
  }

  private static MdnsMessage.Entry entry(DnsRecord r) throws MdnsFormatException {
    if (r instanceof DnsPtrRecord ptr) {
      return new MdnsMessage.Ptr(ptr.name(), ptr.timeToLive(), ptr.hostname());
    }
    if (!(r instanceof DnsRawRecord raw)) {
      return null;
    }
    ByteBuf c = raw.content();
    int type = r.type().intValue();
    return switch (type) {
      case MdnsMessage.TYPE_TXT -> new MdnsMessage.Txt(r.name(), r.timeToLive(), txtStrings(c));
      case MdnsMessage.TYPE_SRV -> srv(r, c);
      case MdnsMessage.TYPE_A, MdnsMessage.TYPE_AAAA -> address(r, c, type);
      default -> null;
    };
  }

  private static List<String> txtStrings(ByteBuf c) throws MdnsFormatException {
    List<String> strings = new ArrayList<>();
    ByteBuf b = c.duplicate();
    while (b.isReadable()) {
      int length = b.readUnsignedByte();
      if (length > b.readableBytes()) {
        throw new MdnsFormatException("TXT string of " + length + " bytes overruns its record");
      }
      strings.add(b.readCharSequence(length, StandardCharsets.UTF_8).toString());
    }
    return strings;
  }

  private static MdnsMessage.Entry srv(DnsRecord r, ByteBuf c) throws MdnsFormatException {
    if (c.readableBytes() < 7) {
      throw new MdnsFormatException("SRV record of " + c.readableBytes() + " bytes");
    }
    int port = c.getUnsignedShort(c.readerIndex() + 4);
    // the content is a view of the whole packet, so that a compressed target can be followed
    ByteBuf target = c.duplicate();
    target.readerIndex(c.readerIndex() + 6);
    return new MdnsMessage.Srv(
        r.name(), r.timeToLive(), port, DefaultDnsRecordDecoder.decodeName(target));
  }

  private static MdnsMessage.Entry address(DnsRecord r, ByteBuf c, int type)
      throws MdnsFormatException {
    int size = type == MdnsMessage.TYPE_A ? 4 : 16;
    if (c.readableBytes() != size) {
      throw new MdnsFormatException("address record of " + c.readableBytes() + " bytes");
    }
    byte[] ip = new byte[size];
    c.getBytes(c.readerIndex(), ip);
    try {
      return new MdnsMessage.Address(r.name(), r.timeToLive(), InetAddress.getByAddress(ip));
    } catch (UnknownHostException e) {
      throw new MdnsFormatException("address record: " + e.getMessage(), e);
    }
  }

  /**
   * Encodes {@code m}: ID 0, flags 0 for a query and QR+AA for a response (RFC 6762 section 18),
   * class IN throughout, names uncompressed.
   *
   * @throws IllegalArgumentException for a name or TXT string DNS cannot carry
   */
  static ByteBuf encode(MdnsMessage m, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(512);
    try {
      out.writeShort(0);
      out.writeShort(m.response() ? FLAG_RESPONSE | FLAG_AUTHORITATIVE : 0);
      out.writeShort(m.questions().size());
      out.writeShort(m.answers().size());
      out.writeShort(0);
      out.writeShort(m.additionals().size());
      for (MdnsMessage.Question q : m.questions()) {
        DnsRecordEncoder.DEFAULT.encodeQuestion(
            new DefaultDnsQuestion(q.name(), DnsRecordType.valueOf(q.type()), CLASS_IN), out);
      }
      for (MdnsMessage.Entry e : m.answers()) {
        encodeEntry(e, out);
      }
      for (MdnsMessage.Entry e : m.additionals()) {
        encodeEntry(e, out);
      }
      return out;
    } catch (IllegalArgumentException e) {
      out.release();
      throw e;
    } catch (Exception e) {
      out.release();
      throw new IllegalArgumentException("cannot encode mDNS message: " + e.getMessage(), e);
    }
  }

  private static void encodeEntry(MdnsMessage.Entry e, ByteBuf out) throws Exception {
    if (e instanceof MdnsMessage.Ptr p) {
      DnsRecordEncoder.DEFAULT.encodeRecord(
          new DefaultDnsPtrRecord(p.name(), CLASS_IN, p.ttl(), p.target()), out);
      return;
    }
    ByteBuf content = out.alloc().buffer();
    DnsRecordType type;
    try {
      switch (e) {
        case MdnsMessage.Txt t -> {
          type = DnsRecordType.TXT;
          for (String s : t.strings()) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_TXT_STRING) {
              throw new IllegalArgumentException("TXT string of " + b.length + " bytes");
            }
            content.writeByte(b.length).writeBytes(b);
          }
        }
        case MdnsMessage.Srv s -> {
          type = DnsRecordType.SRV;
          content.writeShort(0).writeShort(0).writeShort(s.port());
          writeName(s.target(), content);
        }
        case MdnsMessage.Address a -> {
          type = a.address().getAddress().length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
          content.writeBytes(a.address().getAddress());
        }
        case MdnsMessage.Ptr p -> throw new AssertionError(p);
      }
      DnsRecordEncoder.DEFAULT.encodeRecord(
          new DefaultDnsRawRecord(e.name(), type, CLASS_IN, e.ttl(), content), out);
    } finally {
      content.release();
    }
  }

  /** A name as labels, uncompressed (for the target inside an SRV record's data). */
  private static void writeName(String name, ByteBuf out) {
    for (String label : MdnsMessage.normalize(name).split("\\.")) {
      byte[] b = label.getBytes(StandardCharsets.US_ASCII);
      if (b.length == 0 || b.length > 63) {
        throw new IllegalArgumentException("'" + name + "' is not a DNS name");
      }
      out.writeByte(b.length).writeBytes(b);
    }
    out.writeByte(0);
  }
}
