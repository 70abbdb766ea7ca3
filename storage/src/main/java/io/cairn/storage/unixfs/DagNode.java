package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of a file DAG while it is changed: boxo's {@code merkledag.RawNode} or {@code ProtoNode}.
 */
sealed interface DagNode permits DagNode.Raw, DagNode.Proto {
  /** The largest identity digest boxo's {@code verifcid} accepts. */
  int MAX_IDENTITY_DIGEST = ImportOptions.MAX_INLINE_LIMIT;

  /** boxo {@code Node.Size()}: the block's length plus the Tsize of its links. */
  long size();

  /** A raw leaf: its bytes are file data. */
  record Raw(Cid cid, byte[] data) implements DagNode {
    /** boxo {@code NewRawNodeWPrefix}. */
    static Raw of(byte[] data, CidPrefix prefix) {
      return new Raw(prefix.raw(data), data);
    }

    @Override
    public long size() {
      return data.length;
    }
  }

  /** A link as boxo's {@code ipld.Link}: an absent name reads as "" and an absent Tsize as 0. */
  record Link(Cid cid, String name, long tsize) {}

  /**
   * A dag-pb node with the builder that names it. As boxo's {@code ProtoNode}, a decoded node keeps
   * its bytes until it is changed, and a changed one is encoded with every link's Name and Tsize.
   */
  final class Proto implements DagNode {
    private final List<Link> links;
    private byte[] data;
    private CidPrefix builder;
    private byte[] encoded;
    private Cid cid;

    /** boxo {@code NodeWithData} plus {@code SetCidBuilder}. */
    Proto(byte[] data, CidPrefix builder) {
      this(new ArrayList<>(), data, builder, null);
    }

    private Proto(List<Link> links, byte[] data, CidPrefix builder, byte[] encoded) {
      this.links = links;
      this.data = data;
      this.builder = builder;
      this.encoded = encoded;
    }

    /** A node read from a block: its builder is the prefix of the CID it was read by. */
    static Proto decode(Cid cid, byte[] block) {
      PbNode pb = DagPb.decode(block);
      List<Link> links = new ArrayList<>(pb.links().size());
      for (PbLink l : pb.links()) {
        links.add(new Link(l.cid(), l.nameOrEmpty(), l.tsizeOrZero()));
      }
      Proto p = new Proto(links, pb.data(), CidPrefix.of(cid), block);
      p.cid = cid;
      return p;
    }

    List<Link> links() {
      return links;
    }

    Link link(int i) {
      if (i >= links.size()) {
        throw new IllegalArgumentException(
            "node " + cid() + " has " + links.size() + " links but a block size for link " + i);
      }
      return links.get(i);
    }

    /** Replaces link {@code i}'s CID, keeping its Tsize (boxo's {@code modifyDag} does not). */
    void setLinkCid(int i, Cid c) {
      Link l = link(i);
      links.set(i, new Link(c, l.name(), l.tsize()));
      changed();
    }

    /** boxo {@code AddNodeLink("", child)}. */
    void addLink(Cid c, long tsize) {
      links.add(new Link(c, "", tsize));
      changed();
    }

    void removeLink(int i) {
      links.remove(i);
      changed();
    }

    /** Keeps the first {@code n} links (boxo {@code SetLinks(Links()[:n])}). */
    void truncateLinks(int n) {
      links.subList(n, links.size()).clear();
      changed();
    }

    byte[] data() {
      return data;
    }

    void setData(byte[] d) {
      data = d;
      changed();
    }

    CidPrefix builder() {
      return builder;
    }

    void setBuilder(CidPrefix b) {
      builder = b;
      cid = null;
    }

    private void changed() {
      encoded = null;
      cid = null;
    }

    byte[] encode() {
      if (encoded == null) {
        List<PbLink> pb = new ArrayList<>(links.size());
        for (Link l : links) {
          pb.add(new PbLink(l.cid(), l.name(), l.tsize()));
        }
        encoded = DagPb.encode(new PbNode(pb, data));
      }
      return encoded;
    }

    Cid cid() {
      if (cid == null) {
        cid = builder.dagPb(encode());
      }
      return cid;
    }

    boolean identityTooLarge() {
      return builder.hash() == HashFunction.IDENTITY && encode().length > MAX_IDENTITY_DIGEST;
    }

    @Override
    public long size() {
      long s = encode().length;
      for (Link l : links) {
        s += l.tsize();
      }
      return s;
    }
  }
}
