package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.WriteSession;
import io.cairn.storage.codec.Links;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@code block/put}: each file of the body as one block (CIDv1 raw unless {@code cid-codec}, or the
 * legacy {@code format}); blocks of known codecs must be well formed enough for their links to be
 * read (Kubo checks nothing), and none may exceed 2 MiB. Emits Kubo's {@code {Key, Size}} per
 * block.
 */
final class BlockPutRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "data";

  /** Kubo's message, so that scripts looking for it still find it. */
  static final String TOO_BIG =
      "produced block is over 2MiB: big blocks can't be exchanged with other peers;"
          + " use 'cairn add' to chunk larger data";

  @Override
  public String path() {
    return "block/put";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String format = req.option("format", "f").orElse(null);
    String cidCodec = req.option("cid-codec").orElse(null);
    CidEncoder cids = CidEncoder.of(req);
    if (format != null && cidCodec != null) {
      throw ApiException.client(
          "unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
    }
    int version = 1;
    Multicodec codec = Multicodec.forName(cidCodec == null ? "raw" : cidCodec);
    if (format != null) {
      switch (format) {
        case "v0", "protobuf" -> {
          codec = Multicodec.DAG_PB;
          version = format.equals("v0") ? 0 : 1;
        }
        case "cbor", "dag-cbor" -> codec = Multicodec.DAG_CBOR;
        case "raw" -> codec = Multicodec.RAW;
        default -> throw ApiException.client("unrecognized format: " + format);
      }
    }
    String mhtype = req.option("mhtype").orElse("sha2-256");
    HashFunction hash = HashFunction.forName(mhtype);
    long mhlen = req.number("mhlen").orElse(-1L);
    if (mhlen != -1 && mhlen != hash.digestLength()) {
      throw ApiException.client(
          mhtype
              + " digests are "
              + hash.digestLength()
              + " bytes; --mhlen "
              + mhlen
              + " is not supported");
    }
    if (version == 0 && hash != HashFunction.SHA2_256) {
      version = 1;
    }
    boolean pin = req.flag(false, "pin");
    Iterator<BodyPart> parts = req.requiredBody(FILE_ARGUMENT);
    Optional<NodeNetwork> network = node.network();
    List<Cid> stored = new ArrayList<>();
    try (WriteSession session = node.storage().beginWrite()) {
      BlockStore target = network.map(n -> n.announcing(session.blocks())).orElse(session.blocks());
      while (parts.hasNext()) {
        byte[] data = Bodies.read(parts.next(), BlockStore.MAX_BLOCK_SIZE, TOO_BIG);
        Block block = Block.create(version, codec.code(), hash, data);
        if (Links.supports(codec.code())) {
          // Well-formed is enough, as for a block walked after dag/import: Kubo stores DAG-CBOR
          // whose text strings are not UTF-8 (Filecoin chain data), so this does not refuse it.
          Links.of(block.cid(), data);
        }
        target.put(block);
        target.sync();
        if (network.isEmpty()) {
          stored.add(block.cid());
        }
        if (pin) {
          session.pin(block.cid(), true, null);
        }
        res.emit(BlockStatRpc.keySize(cids.encode(block.cid()), data.length));
      }
    }
    node.provideWritten(
        network,
        (n, beforeStart) -> {
          if (beforeStart) {
            n.provideStoredBeforeStart(stored);
          }
        });
  }
}
