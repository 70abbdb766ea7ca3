package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagCodecsTest {
  private static final Cid FILE = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  private static final Cid DIR = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

  @Test
  void decodesDagPbIntoTheKuboDataModelForm() {
    byte[] block =
        DagPb.encode(
            new PbNode(
                List.of(PbLink.of("b", DIR, 4), new PbLink(FILE, null, null)), new byte[] {8, 1}));
    Ipld node =
        DagCodecs.decode(
            Cid.compute(0, 0x70, io.cairn.storage.HashFunction.SHA2_256, block), block);
    // Links are sorted by name on encode: the unnamed link first.
    assertThat(DagJson.encodeToString(node))
        .isEqualTo(
            "{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[{\"Hash\":{\"/\":\""
                + FILE
                + "\"}},{\"Hash\":{\"/\":\""
                + DIR
                + "\"},\"Name\":\"b\",\"Tsize\":4}]}");
    assertThat(DagCodecs.encode(Multicodec.DAG_PB, node)).isEqualTo(block);
  }

  @Test
  void storesDagJsonInputAsDagPb() {
    String json =
        "{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[{\"Hash\":{\"/\":\""
            + DIR
            + "\"},\"Name\":\"dir\",\"Tsize\":4}]}";
    Ipld node = DagJson.decode(json.getBytes(StandardCharsets.UTF_8));
    byte[] pb = DagCodecs.encode(Multicodec.DAG_PB, node);
    PbNode decoded = DagPb.decode(pb);
    assertThat(decoded.links()).containsExactly(PbLink.of("dir", DIR, 4));
    assertThat(decoded.data()).containsExactly(8, 1);
    // The empty directory through the data model has Kubo's CID.
    byte[] emptyDir =
        DagCodecs.encode(
            Multicodec.DAG_PB,
            DagJson.decode(
                "{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[]}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(Cid.compute(0, 0x70, io.cairn.storage.HashFunction.SHA2_256, emptyDir))
        .isEqualTo(DIR);
  }

  @Test
  void refusesDataModelValuesOutsideTheDagPbSchema() {
    assertThatThrownBy(() -> DagCodecs.encode(Multicodec.DAG_PB, Ipld.map(Map.of())))
        .hasMessageContaining("must have a Links list");
    assertThatThrownBy(
            () ->
                DagCodecs.encode(
                    Multicodec.DAG_PB, Ipld.map(Map.of("Links", Ipld.list(), "Extra", Ipld.of(1)))))
        .hasMessageContaining("has field 'Extra'");
    assertThatThrownBy(
            () ->
                DagCodecs.encode(
                    Multicodec.DAG_PB,
                    Ipld.map(Map.of("Links", Ipld.list(), "Data", Ipld.of("text")))))
        .hasMessageContaining("Data must be bytes");
    assertThatThrownBy(
            () ->
                DagCodecs.encode(
                    Multicodec.DAG_PB,
                    Ipld.map(Map.of("Links", Ipld.list(Ipld.map(Map.of("Name", Ipld.of("x"))))))))
        .hasMessageContaining("Links/0 needs a Hash");
    assertThatThrownBy(
            () ->
                DagCodecs.encode(
                    Multicodec.DAG_PB,
                    Ipld.map(
                        Map.of(
                            "Links",
                            Ipld.list(
                                Ipld.map(Map.of("Hash", Ipld.of(FILE), "Tsize", Ipld.of(-1))))))))
        .hasMessageContaining("Tsize must be an integer in [0, 2^63-1], not -1");
  }

  @Test
  void decodesRawBlocksAsBytesAndEncodesBytesRaw() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    Block raw = Block.create(Multicodec.RAW, data);
    assertThat(DagCodecs.decode(raw.cid(), data)).isEqualTo(Ipld.of(data));
    assertThat(DagCodecs.encode(Multicodec.RAW, Ipld.of(data))).isEqualTo(data);
    assertThatThrownBy(() -> DagCodecs.encode(Multicodec.RAW, Ipld.of(1)))
        .hasMessageContaining("only bytes");
    assertThatThrownBy(
            () -> DagCodecs.decode(Multicodec.LIBP2P_KEY.code(), data, Strictness.STRICT))
        .hasMessageContaining("codec libp2p-key is not supported");
  }

  @Test
  void linksOfEveryCodecInStoredOrder() {
    Ipld v = Ipld.map(Map.of("z", Ipld.of(FILE), "list", Ipld.list(Ipld.of(DIR), Ipld.of(FILE))));
    Block cbor = Block.create(Multicodec.DAG_CBOR, DagCbor.encode(v));
    Block json = Block.create(Multicodec.DAG_JSON, DagJson.encode(v));
    // dag-cbor: "z" (1 byte) before "list"; dag-json: "list" before "z".
    assertThat(Links.of(cbor.cid(), cbor.data())).containsExactly(FILE, DIR, FILE);
    assertThat(Links.of(json.cid(), json.data())).containsExactly(DIR, FILE, FILE);
    assertThat(Links.supports(Multicodec.DAG_CBOR.code())).isTrue();
    assertThat(Links.supports(Multicodec.DAG_JSON.code())).isTrue();
  }

  @Test
  void pathsWalkMapsAndLists() {
    Ipld v =
        Ipld.map(Map.of("a", Ipld.list(Ipld.map(Map.of("b", Ipld.of("found")))), "n", Ipld.of(1)));
    assertThat(v.get("a/0/b")).isEqualTo(Ipld.of("found"));
    assertThat(v.get("/a/0/b/")).isEqualTo(Ipld.of("found"));
    assertThat(v.get("")).isEqualTo(v);
    assertThat(v.find("a/1")).isEmpty();
    assertThatThrownBy(() -> v.get("a/0/c")).hasMessage("no field 'c' in map at /a/0");
    assertThatThrownBy(() -> v.get("a/1"))
        .hasMessage("index 1 is out of range for a list of 1 at /a");
    assertThatThrownBy(() -> v.get("a/x")).hasMessage("'x' is not a list index, at /a");
    assertThatThrownBy(() -> v.get("a/01")).hasMessageContaining("not a list index");
    assertThatThrownBy(() -> v.get("n/x"))
        .hasMessage("cannot walk into integer at /n (no field 'x')");
    assertThatThrownBy(() -> v.get("a").asMap()).hasMessage("expected map, found list");
  }

  /** Stores {@code file} and a UnixFS directory (CIDv0) that names it {@code a.txt}; returns it. */
  private static Block directoryWithATxt(BlockStore store, Block file) {
    byte[] dir =
        DagPb.encode(
            PbNode.of(
                io.cairn.storage.unixfs.UnixFsData.directory().encode(),
                List.of(PbLink.of("a.txt", file.cid(), 3))));
    Block root =
        Block.create(0, Multicodec.DAG_PB.code(), io.cairn.storage.HashFunction.SHA2_256, dir);
    store.putAll(List.of(file, root));
    return root;
  }

  /** Kubo's resolver of {@code /ipld/} paths: a dag-pb node is its data model, not its names. */
  @Test
  void theDataModelResolverWalksDagPbByItsFieldsAlone() {
    try (BlockStore store = BlockStores.memory()) {
      Block file = Block.create(Multicodec.RAW, new byte[] {1, 2, 3});
      Block root = directoryWithATxt(store, file);
      DagResolver resolver = new DagResolver(store);
      DagResolver.Resolved byModel = resolver.resolve(root.cid() + "/Links/0/Name");
      assertThat(byModel.block()).isEqualTo(root.cid());
      assertThat(byModel.remainder()).isEqualTo("Links/0/Name");
      assertThat(byModel.node().asString()).isEqualTo("a.txt");
      DagResolver.Resolved hash = resolver.resolve(root.cid() + "/Links/0/Hash");
      assertThat(hash.block()).isEqualTo(file.cid());
      assertThat(hash.remainder()).isEmpty();
      assertThatThrownBy(() -> resolver.resolve(root.cid() + "/a.txt"))
          .hasMessageContaining("no field 'a.txt'");
    }
  }

  /**
   * Kubo's resolver of {@code /ipfs/} paths (go-unixfsnode's reifier): every segment in a dag-pb
   * node is a link name, {@code Data} and {@code Links} included.
   */
  @Test
  void aResolverGivenDagPbNamesTakesEverySegmentInDagPbAsAName() {
    try (BlockStore store = BlockStores.memory()) {
      Block file = Block.create(Multicodec.RAW, new byte[] {1, 2, 3});
      Block root = directoryWithATxt(store, file);
      List<String> asked = new java.util.ArrayList<>();
      DagResolver resolver =
          new DagResolver(
              store,
              (node, name) -> {
                asked.add(node + " " + name);
                if (!name.equals("renamed")) {
                  throw new IllegalArgumentException("no link named " + name);
                }
                return file.cid();
              });

      assertThat(resolver.resolve(root.cid() + "/renamed").block()).isEqualTo(file.cid());
      assertThatThrownBy(() -> resolver.resolve(root.cid() + "/Links/0/Hash"))
          .hasMessage("no link named Links");
      assertThatThrownBy(() -> resolver.resolve(root.cid() + "/Data"))
          .hasMessage("no link named Data");
      assertThat(asked)
          .containsExactly(root.cid() + " renamed", root.cid() + " Links", root.cid() + " Data");
    }
  }

  /** A dag-pb node that is not UnixFS: its links by their names, and only them. */
  @Test
  void aDagPbNodeThatIsNotUnixFsIsWalkedByItsLinkNamesAlone() {
    try (BlockStore store = BlockStores.memory()) {
      Block file = Block.create(Multicodec.RAW, new byte[] {1, 2, 3});
      Block root =
          Block.create(
              Multicodec.DAG_PB,
              DagPb.encode(
                  PbNode.of(
                      "derp".getBytes(StandardCharsets.UTF_8),
                      List.of(PbLink.of("Links", file.cid(), 3)))));
      store.putAll(List.of(file, root));
      DagResolver resolver =
          new DagResolver(
              store,
              (node, name) -> {
                throw new CodecException("not UnixFS");
              });

      assertThat(resolver.resolve(root.cid() + "/Links").block()).isEqualTo(file.cid());
      assertThatThrownBy(() -> resolver.resolve(root.cid() + "/Data"))
          .isInstanceOf(io.cairn.storage.unixfs.NoSuchLinkException.class)
          .hasMessage("no link named \"Data\" under " + root.cid());
    }
  }

  @Test
  void resolvesPathsAcrossBlocks() {
    try (BlockStore store = BlockStores.memory()) {
      Block leaf = Block.create(Multicodec.RAW, "leaf".getBytes(StandardCharsets.UTF_8));
      Block mid =
          Block.create(
              Multicodec.DAG_JSON,
              DagJson.encode(Ipld.map(Map.of("items", Ipld.list(Ipld.of(leaf.cid()))))));
      Block pb =
          Block.create(Multicodec.DAG_PB, DagPb.encode(PbNode.of(new byte[] {1}, List.of())));
      Block root =
          Block.create(
              Multicodec.DAG_CBOR,
              DagCbor.encode(
                  Ipld.map(
                      Map.of(
                          "child", Ipld.of(mid.cid()),
                          "pb", Ipld.of(pb.cid()),
                          "self", Ipld.of("x")))));
      store.putAll(List.of(leaf, mid, pb, root));
      DagResolver resolver = new DagResolver(store);

      DagResolver.Resolved r = resolver.resolve(root.cid(), "child/items/0");
      assertThat(r.block()).isEqualTo(leaf.cid());
      assertThat(r.node()).isEqualTo(Ipld.of("leaf".getBytes(StandardCharsets.UTF_8)));
      assertThat(r.remainder()).isEmpty();

      DagResolver.Resolved inBlock = resolver.resolve(root.cid() + "/child/items");
      assertThat(inBlock.block()).isEqualTo(mid.cid());
      assertThat(inBlock.remainder()).isEqualTo("items");
      assertThat(inBlock.node()).isEqualTo(Ipld.list(Ipld.of(leaf.cid())));

      assertThat(resolver.resolve(root.cid(), "pb/Data").node()).isEqualTo(Ipld.of(new byte[] {1}));
      assertThat(resolver.resolve(root.cid(), "").node().asMap()).containsKey("child");

      assertThatThrownBy(() -> resolver.resolve(root.cid(), "child/nope"))
          .hasMessage("no field 'nope' in map at / of " + mid.cid());
      assertThatThrownBy(() -> resolver.resolve(root.cid(), "child/items/0/x"))
          .hasMessage("cannot walk into bytes at / of " + leaf.cid() + " (no field 'x')");
      store.delete(leaf.cid());
      assertThatThrownBy(() -> resolver.resolve(root.cid(), "child/items/0"))
          .isInstanceOf(BlockNotFoundException.class);
    }
  }
}
