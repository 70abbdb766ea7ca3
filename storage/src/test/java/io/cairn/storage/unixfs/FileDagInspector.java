package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Reads back the files the writer tests make: their bytes, their nodes and their shape. */
final class FileDagInspector {
  private final BlockStore store;

  FileDagInspector(BlockStore store) {
    this.store = store;
  }

  byte[] read(Cid file) {
    try (InputStream in = new UnixFsExporter(store).open(file, 0, -1)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  PbNode node(Cid cid) {
    return DagPb.decode(store.require(cid));
  }

  UnixFsData data(Cid cid) {
    return UnixFsData.decode(node(cid).data());
  }

  List<Cid> links(Cid cid) {
    List<Cid> out = new ArrayList<>();
    node(cid).links().forEach(l -> out.add(l.cid()));
    return out;
  }

  /**
   * Checks every file node under {@code root}: as many links as block sizes, each block size the
   * size of the child it names, the file size their sum; returns the file size.
   */
  long checkSizes(Cid root) {
    if (root.isCodec(Multicodec.RAW)) {
      return store.require(root).length;
    }
    UnixFsData d = data(root);
    List<Cid> children = links(root);
    assertThat(children).as("links of %s", root).hasSameSizeAs(d.blockSizes());
    long sum = d.data() == null ? 0 : d.data().length;
    for (int i = 0; i < children.size(); i++) {
      long child = checkSizes(children.get(i));
      assertThat(child).as("block size %d of %s", i, root).isEqualTo(d.blockSizes().get(i));
      sum += child;
    }
    assertThat(d.fileSize()).as("file size of %s", root).isEqualTo(sum);
    return sum;
  }

  /** The number of leaves under each link of a file node, for the trickle shape. */
  List<Integer> leafCounts(Cid node) {
    List<Integer> out = new ArrayList<>();
    for (Cid child : links(node)) {
      out.add(leaves(child));
    }
    return out;
  }

  private int leaves(Cid cid) {
    if (cid.isCodec(Multicodec.RAW) || node(cid).links().isEmpty()) {
      return 1;
    }
    int n = 0;
    for (Cid child : links(cid)) {
      n += leaves(child);
    }
    return n;
  }

  static byte[] randomBytes(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
