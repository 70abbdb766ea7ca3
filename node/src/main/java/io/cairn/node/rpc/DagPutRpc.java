package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.WriteSession;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Links;
import io.cairn.storage.codec.Strictness;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dag/put}: each file of the body decoded in {@code input-codec} (dag-json by default) and
 * stored in {@code store-codec} (dag-cbor by default), hashed with {@code hash} ({@code
 * Import.HashFunction} by default, as Kubo's); emits Kubo's {@code {Cid: {"/": cid}}} per node.
 * With {@code pin}, every node it links to must be present.
 */
final class DagPutRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "object data";

  @Override
  public String path() {
    return "dag/put";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    Multicodec store = Multicodec.forName(req.optionOr("store-codec", "dag-cbor"));
    Multicodec input = Multicodec.forName(req.optionOr("input-codec", "dag-json"));
    // Kubo's default is the config's Import.HashFunction, not always sha2-256
    String configured = node.config().importDefaults().hashFunction();
    HashFunction hash =
        HashFunction.forName(req.optionOr("hash", configured == null ? "sha2-256" : configured));
    boolean pin = req.flag(false, "pin");
    Iterator<BodyPart> parts = req.requiredBody(FILE_ARGUMENT);
    Optional<NodeNetwork> network = node.network();
    List<Cid> stored = new ArrayList<>();
    try (WriteSession session = node.storage().beginWrite()) {
      BlockStore target = network.map(n -> n.announcing(session.blocks())).orElse(session.blocks());
      while (parts.hasNext()) {
        BodyPart part = parts.next();
        byte[] data =
            Bodies.read(
                part,
                4 * BlockStore.MAX_BLOCK_SIZE,
                Bodies.name(part) + " is too large for one DAG node");
        Ipld value = DagCodecs.decode(input.code(), data, Strictness.LENIENT);
        byte[] encoded = DagCodecs.encode(store, value);
        if (encoded.length > BlockStore.MAX_BLOCK_SIZE) {
          throw new IllegalArgumentException(
              "encoded node of " + encoded.length + " bytes is over the 2 MiB block limit");
        }
        Block block = Block.create(1, store.code(), hash, encoded);
        for (Cid link : Links.of(block.cid(), block.data())) {
          if (pin && !session.blocks().has(link)) {
            throw new IllegalArgumentException(
                "cannot pin " + block.cid() + ": linked block " + link + " is not in the repo");
          }
        }
        target.put(block);
        target.sync();
        if (network.isEmpty()) {
          stored.add(block.cid());
        }
        if (pin) {
          session.pin(block.cid(), true, null);
        }
        res.emit(Map.of("Cid", Map.of("/", block.cid().toString())));
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
