package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import java.util.List;
import java.util.Objects;

/**
 * One Bitswap 1.2.0 message: wantlist entries, blocks (as prefix and data), block presences and the
 * sender's pending bytes. {@link BitswapCodec} reads and writes its protobuf form.
 */
record BitswapMessage(
    List<Want> wants,
    boolean full,
    List<Payload> blocks,
    List<Presence> presences,
    int pendingBytes) {
  /** A message is uvarint-framed and at most this long (ipfs/specs bitswap-protocol). */
  static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

  BitswapMessage {
    wants = List.copyOf(wants);
    blocks = List.copyOf(blocks);
    presences = List.copyOf(presences);
  }

  static BitswapMessage ofWants(List<Want> wants) {
    return new BitswapMessage(wants, false, List.of(), List.of(), 0);
  }

  boolean isEmpty() {
    return wants.isEmpty() && blocks.isEmpty() && presences.isEmpty();
  }

  enum WantType {
    BLOCK,
    HAVE
  }

  /** A wantlist entry; {@code cancel} withdraws an earlier want for the CID. */
  record Want(Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {
    Want {
      Objects.requireNonNull(cid, "cid");
      Objects.requireNonNull(type, "type");
    }

    static Want have(Cid cid, int priority) {
      return new Want(cid, priority, false, WantType.HAVE, true);
    }

    static Want block(Cid cid, int priority) {
      return new Want(cid, priority, false, WantType.BLOCK, true);
    }

    static Want cancel(Cid cid) {
      return new Want(cid, 0, true, WantType.BLOCK, false);
    }
  }

  /** A block as 1.2.0 sends it: the CID's prefix and the data; the digest is the data's hash. */
  record Payload(CidPrefix prefix, byte[] data) {
    Payload {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(data, "data");
    }

    static Payload of(Cid cid, byte[] data) {
      return new Payload(CidPrefix.of(cid), data);
    }
  }

  /** Whether the sender has a block ({@code have}) or not (DONT_HAVE). */
  record Presence(Cid cid, boolean have) {
    Presence {
      Objects.requireNonNull(cid, "cid");
    }
  }
}
