package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MdnsCodecTest {
  private static final String INSTANCE = "abcdefghijklmnopqrstuvwxyz012345._p2p._udp.local";

  private static byte[] encode(MdnsMessage m) {
    ByteBuf b = MdnsCodec.encode(m, ByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static MdnsMessage decode(byte[] bytes) throws Exception {
    return MdnsCodec.decode(Unpooled.wrappedBuffer(bytes));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void queryIsOnePtrQuestionForTheService() throws Exception {
    MdnsMessage q = MdnsMessage.query(List.of(new MdnsMessage.Question("_p2p._udp.local", 12)));
    assertThat(HexFormat.of().formatHex(encode(q)))
        .isEqualTo(
            "0000"
                + "0000"
                + "0001"
                + "0000"
                + "0000"
                + "0000"
                + "045f703270"
                + "045f756470"
                + "056c6f63616c"
                + "00"
                + "000c"
                + "0001");
    assertThat(decode(encode(q))).isEqualTo(q);
  }

  @Test
  void responseRoundTripsEveryRecordKind() throws Exception {
    MdnsMessage r =
        MdnsMessage.response(
            List.of(new MdnsMessage.Ptr("_p2p._udp.local", 120, INSTANCE)),
            List.of(
                new MdnsMessage.Txt(
                    INSTANCE, 120, List.of("dnsaddr=/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWabc")),
                new MdnsMessage.Txt(INSTANCE, 120, List.of("a", "", "b")),
                new MdnsMessage.Srv(INSTANCE, 120, 4001, "abc.local"),
                new MdnsMessage.Address("abc.local", 120, InetAddress.getByName("192.0.2.7")),
                new MdnsMessage.Address("abc.local", 120, InetAddress.getByName("fd00::7"))));
    assertThat(decode(encode(r))).isEqualTo(r);
  }

  @Test
  void responseHeaderAndRecordsHaveTheExactLayout() {
    MdnsMessage r =
        MdnsMessage.response(
            List.of(new MdnsMessage.Ptr("_p2p._udp.local", 120, "p._p2p._udp.local")),
            List.of(new MdnsMessage.Txt("p._p2p._udp.local", 120, List.of("dnsaddr=x"))));
    String service = "045f703270045f756470056c6f63616c00";
    String instance = "0170" + service;
    assertThat(HexFormat.of().formatHex(encode(r)))
        .isEqualTo(
            // ID 0, QR + AA, no question, one answer, no authority, one additional
            "0000"
                + "8400"
                + "0000"
                + "0001"
                + "0000"
                + "0001"
                // PTR, class IN, TTL 120, the instance's name as its data
                + service
                + "000c"
                + "0001"
                + "00000078"
                + "0013"
                + instance
                // TXT, class IN, TTL 120, one string of 9 bytes
                + instance
                + "0010"
                + "0001"
                + "00000078"
                + "000a"
                + "09"
                + HexFormat.of().formatHex("dnsaddr=x".getBytes()));
  }

  @Test
  void readsCompressedNamesAndSkipsOtherRecordTypes() throws Exception {
    // header: response, 1 answer (PTR), 1 additional (an HINFO-like record of type 13)
    String service = "045f703270045f756470056c6f63616c00"; // at offset 12
    byte[] packet =
        hex(
            "0000 8400 0000 0001 0000 0001"
                + service
                + "000c 0001 00000078 0004 0170 c00c" // p + pointer to the service
                + "c00c 000d 0001 00000078 0002 0000");
    MdnsMessage m = decode(packet);
    assertThat(m.response()).isTrue();
    assertThat(m.answers())
        .containsExactly(new MdnsMessage.Ptr("_p2p._udp.local", 120, "p._p2p._udp.local"));
    assertThat(m.additionals()).isEmpty();
  }

  @Test
  void refusesMalformedPackets() {
    String service = "045f703270045f756470056c6f63616c00";
    List<String> bad =
        List.of(
            "", // no header
            "0000 0000 0001", // short header
            "0000 0000 0001 0000 0000 0000", // a question that is not there
            "0000 0000 0001 0000 0000 0000 045f7032", // a truncated name
            "0000 8400 0000 0001 0000 0000" + service + "000c 0001 0000", // truncated record
            "0000 8400 0000 0001 0000 0000" + service + "000c 0001 00000078 0010 01", // rdlength
            "0000 8400 0000 0001 0000 0000 c00c 000c 0001 00000078 0002 c00c", // pointer loop
            "0000 8400 0000 0001 0000 0000" + service + "0010 0001 00000078 0002 0561", // TXT
            "0000 8400 0000 0001 0000 0000" + service + "0001 0001 00000078 0003 010203", // A
            "0000 8400 0000 0001 0000 0000" + service + "0021 0001 00000078 0002 0000", // SRV
            "0000 2800 0001 0000 0000 0000" + service + "000c 0001", // opcode 5 (update)
            "0000 8403 0000 0000 0000 0000", // response code 3
            "0000 0000 0100 0100 0000 0000"); // 512 records
    for (String packet : bad) {
      assertThatThrownBy(() -> decode(hex(packet)))
          .as(packet)
          .isInstanceOf(MdnsCodec.MdnsFormatException.class);
    }
    assertThatThrownBy(() -> decode(new byte[MdnsCodec.MAX_PACKET + 1]))
        .isInstanceOf(MdnsCodec.MdnsFormatException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void randomBytesEitherDecodeOrFailWithOneException() {
    Random random = new Random(42);
    byte[] valid =
        encode(
            MdnsMessage.response(
                List.of(new MdnsMessage.Ptr("_p2p._udp.local", 120, INSTANCE)),
                List.of(new MdnsMessage.Txt(INSTANCE, 120, List.of("dnsaddr=/ip4/1.2.3.4")))));
    for (int i = 0; i < 20_000; i++) {
      byte[] b = valid.clone();
      for (int k = random.nextInt(1, 6); k > 0; k--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      byte[] packet =
          random.nextInt(4) == 0 ? java.util.Arrays.copyOf(b, random.nextInt(b.length)) : b;
      try {
        decode(packet);
      } catch (MdnsCodec.MdnsFormatException expected) {
        // refused, as it should be
      } catch (Exception e) {
        throw new AssertionError("unexpected " + e + " for " + HexFormat.of().formatHex(packet), e);
      }
    }
  }

  @Test
  void refusesToEncodeWhatDnsCannotCarry() {
    MdnsMessage tooLong =
        MdnsMessage.response(
            List.of(new MdnsMessage.Txt(INSTANCE, 120, List.of("x".repeat(256)))), List.of());
    assertThatThrownBy(() -> encode(tooLong)).isInstanceOf(IllegalArgumentException.class);
  }
}
