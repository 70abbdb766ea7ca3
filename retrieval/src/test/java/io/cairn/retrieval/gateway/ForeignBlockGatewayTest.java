package io.cairn.retrieval.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.car.CarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks made elsewhere are served as they are: a block's bytes under a dag-pb CID are never
 * decoded for {@code ?format=raw}, and a DAG-CBOR root whose text strings are not UTF-8 (Filecoin
 * chain data) is walked for a CAR, as Kubo's gateway walks it.
 */
class ForeignBlockGatewayTest {
  @TempDir Path dir;

  @Test
  void foreignBlocksAreServedAndWalkedAsTheyAre() throws Exception {
    try (Storage storage = Storages.open(StorageOptions.defaults(dir))) {
      byte[] notPb = "TEST0.123".getBytes(UTF_8); // 'T' reads as protobuf field 10
      Block odd = Block.create(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, notPb);
      Block leaf = Block.create(Multicodec.RAW, "leaf".getBytes(UTF_8));
      ByteArrayOutputStream cbor = new ByteArrayOutputStream();
      // {"l": <leaf>, "s": "\xc3("}
      cbor.writeBytes(HexFormat.of().parseHex("a2616cd82a5825" + "00"));
      cbor.writeBytes(leaf.cid().bytes());
      cbor.writeBytes(HexFormat.of().parseHex("617362c328"));
      Block root =
          Block.create(1, Multicodec.DAG_CBOR.code(), HashFunction.SHA2_256, cbor.toByteArray());
      for (Block b : List.of(odd, leaf, root)) {
        storage.blocks().put(b);
      }
      try (TestServer s = new TestServer(storage.blocks())) {
        HttpResponse<byte[]> raw = s.get("/ipfs/" + odd.cid() + "?format=raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(notPb);

        HttpResponse<byte[]> car = s.get("/ipfs/" + root.cid() + "?format=car");
        assertThat(car.statusCode()).isEqualTo(200);
        List<Cid> sent = new ArrayList<>();
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car.body()))) {
          for (Block b : r) {
            sent.add(b.cid());
          }
        }
        assertThat(sent).containsExactly(root.cid(), leaf.cid());
      }
    }
  }
}
