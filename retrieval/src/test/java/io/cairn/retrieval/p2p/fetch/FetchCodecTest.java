package io.cairn.retrieval.p2p.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FetchCodecTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void aRequestCarriesItsIdentifierBytesAsTheyAre() {
    // an IPNS routing key: "/ipns/" then binary multihash bytes, not valid UTF-8
    byte[] key = {'/', 'i', 'p', 'n', 's', '/', 0x00, 0x24, (byte) 0xff, (byte) 0xc3};
    byte[] encoded = FetchCodec.encodeRequest(key);
    assertThat(encoded).startsWith(0x0a, key.length);
    assertThat(FetchCodec.decodeRequest(encoded)).containsExactly(key);
  }

  @Test
  void aResponseEncodesStatusThenData() {
    assertThat(FetchCodec.encodeResponse(FetchCodec.Response.ok(new byte[] {1, 2})))
        .containsExactly(hex("080012020102"));
    assertThat(FetchCodec.encodeResponse(FetchCodec.Response.notFound()))
        .containsExactly(hex("0801"));
    FetchCodec.Response e =
        FetchCodec.decodeResponse(FetchCodec.encodeResponse(FetchCodec.Response.error("no")));
    assertThat(e.status()).isEqualTo(FetchCodec.Status.ERROR);
    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("no");
  }

  @Test
  void aResponseWithoutStatusIsOkAsProto3WritersSendIt() {
    FetchCodec.Response r = FetchCodec.decodeResponse(hex("1203616263"));
    assertThat(r.status()).isEqualTo(FetchCodec.Status.OK);
    assertThat(r.data()).containsExactly('a', 'b', 'c');
    assertThat(FetchCodec.decodeResponse(new byte[0]).data()).isEmpty();
  }

  @Test
  void unknownFieldsAreSkipped() {
    assertThat(FetchCodec.decodeRequest(hex("18070a0178"))).containsExactly('x');
  }

  @Test
  void malformedFramesAreRefused() {
    assertThatThrownBy(() -> FetchCodec.decodeRequest(new byte[0]))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no identifier");
    assertThatThrownBy(() -> FetchCodec.decodeRequest(hex("0a05616263")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("fetch request");
    assertThatThrownBy(() -> FetchCodec.decodeRequest(hex("0801")))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> FetchCodec.decodeResponse(hex("0807")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("unknown status 7");
    assertThatThrownBy(() -> FetchCodec.decodeResponse(hex("1001")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("data");
    assertThatThrownBy(() -> FetchCodec.decodeResponse(hex("0a")))
        .isInstanceOf(CodecException.class);
  }
}
