package io.cairn.node.daemon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.car.CarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks made elsewhere that Kubo stores, walks and serves as they are: DAG-CBOR whose text strings
 * are not UTF-8 (Filecoin chain data, such as the Lotus genesis CARs of kubo-rpc-client's tests),
 * and a block under a dag-pb CID whose bytes are no dag-pb node.
 */
class ForeignBlocksRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  /** The daemon of the test running; each test starts its own and closes it. */
  private Daemon daemon;

  private interface Steps {
    void run() throws IOException;
  }

  private void onADaemon(Steps steps) throws IOException {
    try (Daemon d = RpcWireTest.quietDaemon(dir)) {
      daemon = d;
      steps.run();
    }
  }

  private RawHttp post(String target) throws IOException {
    return RawHttp.api(daemon, target);
  }

  private RawHttp upload(String target, byte[] data) throws IOException {
    return RawHttp.apiUpload(daemon, target, "data", data);
  }

  private static byte[] car(Cid root, Block... blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter w = CarWriter.create(out, List.of(root));
    for (Block b : blocks) {
      w.write(b);
    }
    w.flush();
    return out.toByteArray();
  }

  /** {@code {"l": <leaf>, "s": "\xc3("}}: a link, and a text string that is not UTF-8. */
  private static Block chainLikeRoot(Cid leaf) {
    byte[] link = HEX.parseHex("d82a58" + String.format("%02x", leaf.bytes().length + 1) + "00");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(HEX.parseHex("a2616c"));
    b.writeBytes(link);
    b.writeBytes(leaf.bytes());
    b.writeBytes(HEX.parseHex("617362c328"));
    return Block.create(1, Multicodec.DAG_CBOR.code(), HashFunction.SHA2_256, b.toByteArray());
  }

  @Test
  void dagCborWithTextThatIsNotUtf8IsImportedPinnedWalkedExportedAndReadAsKubosAre()
      throws IOException {
    onADaemon(this::chainDataIsHandledAsKuboDoes);
  }

  private void chainDataIsHandledAsKuboDoes() throws IOException {
    Block leaf = Block.create(Multicodec.RAW, "leaf".getBytes(UTF_8));
    Block root = chainLikeRoot(leaf.cid());
    byte[] car = car(root.cid(), root, leaf);

    RawHttp imported = upload("dag/import", car);
    assertThat(imported.status()).isEqualTo(200);
    JsonNode result = JSON.readTree(imported.body()).get("Root");
    assertThat(result.get("Cid").get("/").asText()).isEqualTo(root.cid().toString());
    assertThat(result.get("PinErrorMsg").asText()).isEmpty();
    assertThat(
            JSON.readTree(post("pin/ls?arg=" + root.cid()).body())
                .get("Keys")
                .has(root.cid().toString()))
        .isTrue();

    RawHttp exported = post("dag/export?arg=" + root.cid());
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.trailers()).doesNotContainKey("x-stream-error");
    assertThat(exported.body()).isEqualTo(car);

    RawHttp refs = post("refs?arg=" + root.cid());
    assertThat(refs.status()).isEqualTo(200);
    JsonNode ref = JSON.readTree(refs.body());
    assertThat(ref.get("Ref").asText()).isEqualTo(leaf.cid().toString());
    assertThat(ref.get("Err").asText()).isEmpty();

    RawHttp stat = post("dag/stat?progress=false&arg=" + root.cid());
    assertThat(stat.status()).isEqualTo(200);
    assertThat(JSON.readTree(stat.body()).get("TotalSize").asLong())
        .isEqualTo(root.data().length + leaf.data().length);

    // Kubo's block/put stores such a block as it is, as dag/import does.
    RawHttp put = upload("block/put?cid-codec=dag-cbor", root.data());
    assertThat(put.status()).isEqualTo(200);
    assertThat(JSON.readTree(put.body()).get("Key").asText()).isEqualTo(root.cid().toString());
    // What is not DAG-CBOR at all is still refused, naming the fault.
    byte[] truncated = java.util.Arrays.copyOf(root.data(), root.data().length - 1);
    RawHttp bad = upload("block/put?cid-codec=dag-cbor", truncated);
    assertThat(bad.status()).isEqualTo(500);
    assertThat(JSON.readTree(bad.body()).get("Message").asText())
        .startsWith("dag-cbor: input is truncated");

    // dag/get gives what Kubo gives: the string's bytes kept, each one that is not UTF-8 written
    // to DAG-JSON as \ufffd (go-ipld-prime's writer), and the block itself back as DAG-CBOR.
    RawHttp get = post("dag/get?arg=" + root.cid());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.bodyText())
        .isEqualTo("{\"l\":{\"/\":\"" + leaf.cid() + "\"},\"s\":\"\\ufffd(\"}");
    RawHttp asCbor = post("dag/get?output-codec=dag-cbor&arg=" + root.cid());
    assertThat(asCbor.status()).isEqualTo(200);
    assertThat(asCbor.body()).isEqualTo(root.data());
  }

  @Test
  void blockGetAndStatServeBytesUnderADagPbCidWithoutDecodingThem() throws IOException {
    onADaemon(this::bytesAreServedUndecoded);
  }

  private void bytesAreServedUndecoded() throws IOException {
    // 'T' (0x54) reads as protobuf field 10: no dag-pb node, yet any bytes may have a CID.
    byte[] notPb = "TEST0.123".getBytes(UTF_8);
    Block block = Block.create(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, notPb);
    RawHttp imported = upload("dag/import?pin-roots=false", car(block.cid(), block));
    assertThat(imported.status()).isEqualTo(200);

    RawHttp get = post("block/get?arg=" + block.cid());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(notPb);
    RawHttp v1 = post("block/get?arg=" + block.cid().toV1());
    assertThat(v1.status()).isEqualTo(200);
    assertThat(v1.body()).isEqualTo(notPb);

    RawHttp stat = post("block/stat?arg=" + block.cid());
    assertThat(stat.status()).isEqualTo(200);
    assertThat(JSON.readTree(stat.body()).get("Size").asInt()).isEqualTo(notPb.length);
  }
}
