package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.UnixFsData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TAR responses of trees whose entry names hold relative paths: the shapes of IPIP-288's fixtures
 * (gateway-conformance path_gateway_tar inside-root.car and outside-root.car).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TarGatewayTest {
  private final BlockStore store = BlockStores.memory();
  private TestServer s;

  @BeforeAll
  void start() {
    s = new TestServer(store);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private Cid put(Multicodec codec, byte[] data) {
    Block b = Block.create(codec, data);
    store.put(b);
    return b.cid();
  }

  private Cid text(String s) {
    return put(Multicodec.RAW, s.getBytes(StandardCharsets.UTF_8));
  }

  /** A directory of the given name, CID pairs, in that order. */
  private Cid dir(Object... nameCid) {
    List<PbLink> links = new ArrayList<>();
    for (int i = 0; i < nameCid.length; i += 2) {
      links.add(PbLink.of((String) nameCid[i], (Cid) nameCid[i + 1], 10));
    }
    return put(Multicodec.DAG_PB, DagPb.encode(PbNode.of(UnixFsData.directory().encode(), links)));
  }

  @Test
  void anEntryNameThatStaysUnderTheRootIsWrittenAtItsResolvedPlace() {
    Cid root = dir("foobar", dir("directory", dir("../file", text("inside"))));
    HttpResponse<byte[]> r = s.get("/ipfs/" + root + "?format=tar");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Tar.read(r.body()))
        .containsOnlyKeys(
            root + "/", root + "/foobar/", root + "/foobar/directory/", root + "/foobar/file")
        .containsEntry(root + "/foobar/file", "inside".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEntryThatLeavesTheRootIsAnErrorStatusWhenNothingWasSentYet() {
    Cid outside = dir("../foo", text("x"), "bar", text("x"));
    HttpResponse<byte[]> r = s.get("/ipfs/" + outside + "?format=tar");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("\"../foo\"")
        .contains("use a CAR instead");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    // Deeper down, after other entries, it is the same while they still fit the first chunk.
    Cid deeper = dir("a", text("a"), "b", dir("../../x", text("x")));
    assertThat(s.get("/ipfs/" + deeper + "?format=tar").statusCode()).isEqualTo(500);
    // The connection stays usable.
    assertThat(s.get("/ipfs/" + dir("ok", text("ok")) + "?format=tar").statusCode()).isEqualTo(200);
  }

  @Test
  void anEntryThatLeavesTheRootAfterTheResponseStartedBreaksTheResponseOff() {
    Cid big = put(Multicodec.RAW, TestData.bytes(3, 200_000));
    Cid root = dir("big", big, "z", dir("../../escape", text("x")));
    TestServer.Raw raw = s.getWithHost("127.0.0.1", "/ipfs/" + root + "?format=tar");
    assertThat(raw.status()).isEqualTo(200);
    // The file went out, then the connection closed without the TAR's two zero end blocks: the
    // client sees it is incomplete (IPIP-288: fail by force-closing the connection).
    byte[] body = raw.body();
    assertThat(body.length).isGreaterThan(200_000);
    byte[] tail = java.util.Arrays.copyOfRange(body, body.length - 1024, body.length);
    assertThat(tail).isNotEqualTo(new byte[1024]);
  }
}
