package io.cairn.storage.car;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded blocks and CAR bytes for CAR tests, built from the spec's layouts. */
final class CarTestData {
  private CarTestData() {}

  /** Seeded blocks of every codec the node reads, some linking to earlier ones. */
  static List<Block> randomBlocks(long seed, int count) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int kind = out.isEmpty() ? 0 : r.nextInt(5);
      Cid earlier = out.isEmpty() ? null : out.get(r.nextInt(out.size())).cid();
      out.add(
          switch (kind) {
            case 0 ->
                Block.create(Multicodec.RAW, TestData.bytes(seed * 31 + i, r.nextInt(1, 9000)));
            case 1 ->
                Block.create(
                    0,
                    Multicodec.DAG_PB.code(),
                    HashFunction.SHA2_256,
                    DagPb.encode(
                        PbNode.of(
                            TestData.bytes(seed + i, r.nextInt(0, 300)),
                            List.of(PbLink.of("n" + i, earlier, r.nextInt(1000))))));
            case 2 ->
                Block.create(
                    Multicodec.DAG_CBOR,
                    DagCbor.encode(Ipld.map(Map.of("i", Ipld.of(i), "link", Ipld.of(earlier)))));
            case 3 ->
                Block.create(
                    Multicodec.DAG_JSON,
                    DagJson.encode(Ipld.map(Map.of("i", Ipld.of(i), "l", Ipld.of(earlier)))));
            default ->
                Block.create(
                    1, Multicodec.RAW.code(), HashFunction.BLAKE2B_256, TestData.bytes(i, 77));
          });
    }
    return out;
  }

  /** An inline block: raw bytes under an identity CID. */
  static Block identityBlock(String text) {
    return Block.create(
        1, Multicodec.RAW.code(), HashFunction.IDENTITY, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] carV1(List<Cid> roots, List<Block> blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter w = CarWriter.create(out, roots);
    blocks.forEach(w::write);
    return out.toByteArray();
  }

  /** A section as the CARv1 spec lays it out. */
  static byte[] section(byte[] cid, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Varint.encode((long) cid.length + data.length));
    out.writeBytes(cid);
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The (CID, offset) of every section of a CARv1, found by walking its length prefixes. */
  static Map<Long, Cid> sections(byte[] v1) {
    ByteBuffer buf = ByteBuffer.wrap(v1);
    long headerLength = Varint.read(buf);
    buf.position(buf.position() + (int) headerLength);
    Map<Long, Cid> out = new HashMap<>();
    while (buf.hasRemaining()) {
      int at = buf.position();
      long length = Varint.read(buf);
      int start = buf.position();
      out.put((long) at, Cid.read(buf));
      buf.position(start + (int) length);
    }
    return out;
  }

  /** Index entries for a CARv1's sections; identity CIDs only when asked. */
  static List<CarIndex.Entry> indexEntries(byte[] v1, boolean withIdentity) {
    List<CarIndex.Entry> out = new ArrayList<>();
    sections(v1)
        .forEach(
            (offset, cid) -> {
              if (withIdentity || !cid.isIdentity()) {
                out.add(CarIndex.Entry.of(cid.multihash(), offset));
              }
            });
    return out;
  }

  /**
   * A CARv2 wrapping {@code v1} after {@code padding} zero bytes, with an optional index (null for
   * none) after {@code indexPadding} more.
   */
  static byte[] carV2(byte[] v1, int padding, byte[] index, int indexPadding, boolean fully) {
    long dataOffset = CarV2Header.PRAGMA_SIZE + CarV2Header.SIZE + padding;
    long indexOffset = index == null ? 0 : dataOffset + v1.length + indexPadding;
    CarV2Header h =
        new CarV2Header(0, 0, dataOffset, v1.length, indexOffset).withFullyIndexed(fully);
    return concat(
        CarV2Header.pragma(),
        h.encode(),
        new byte[padding],
        v1,
        index == null ? new byte[0] : new byte[indexPadding],
        index == null ? new byte[0] : index);
  }
}
