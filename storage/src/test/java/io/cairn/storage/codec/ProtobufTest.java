package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lengths and varints a peer controls never move the reader backwards or past the end. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProtobufTest {
  /** Field 5, length-delimited, with a length of -11 written as a 10-byte varint. */
  private static final byte[] NEGATIVE_LENGTH = {
    0x2A, (byte) 0xF5, -1, -1, -1, -1, -1, -1, -1, -1, 0x01,
  };

  private static void readAll(byte[] message, boolean asMessage) {
    Protobuf.Reader r = new Protobuf.Reader(message, "test message");
    while (r.next()) {
      if (asMessage) {
        r.message("nested");
      } else {
        r.skip();
      }
    }
  }

  @Test
  void negativeLengthIsRefusedWhenSkipped() {
    assertThatThrownBy(() -> readAll(NEGATIVE_LENGTH, false))
        .isInstanceOf(CodecException.class)
        .hasMessage("test message is malformed: field 5 claims -11 bytes but 0 remain");
  }

  @Test
  void negativeLengthIsRefusedForAllReads() {
    for (int read = 0; read < 3; read++) {
      Protobuf.Reader r = new Protobuf.Reader(NEGATIVE_LENGTH, "test message");
      assertThat(r.next()).isTrue();
      int which = read;
      assertThatThrownBy(
              () -> {
                switch (which) {
                  case 0 -> r.bytes();
                  case 1 -> r.string();
                  default -> r.message("nested");
                }
              })
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("claims -11 bytes");
    }
  }

  @Test
  void varintPastSixtyFourBitsIsRefused() {
    byte[] message = {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x02};
    Protobuf.Reader r = new Protobuf.Reader(message, "test message");
    assertThat(r.next()).isTrue();
    assertThatThrownBy(r::varint)
        .isInstanceOf(CodecException.class)
        .hasMessage("test message is malformed: varint overflows 64 bits");
  }

  @Test
  void largestVarintStillReads() {
    byte[] message = {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
    Protobuf.Reader r = new Protobuf.Reader(message, "test message");
    assertThat(r.next()).isTrue();
    assertThat(r.varint()).isEqualTo(-1L);
    assertThat(r.hasMore()).isFalse();
  }

  @Test
  void wellFormedNestedMessageReads() {
    byte[] inner = new Protobuf.Writer().string(1, "cairn").toByteArray();
    byte[] outer = new Protobuf.Writer().bytes(3, inner).varint(4, 300).toByteArray();
    Protobuf.Reader r = new Protobuf.Reader(outer, "outer");
    assertThat(r.next()).isTrue();
    Protobuf.Reader n = r.message("inner");
    assertThat(n.next()).isTrue();
    assertThat(n.string()).isEqualTo("cairn");
    assertThat(r.next()).isTrue();
    assertThat(r.varint()).isEqualTo(300);
    assertThat(r.next()).isFalse();
  }
}
