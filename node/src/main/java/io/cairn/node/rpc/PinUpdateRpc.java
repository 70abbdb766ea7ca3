package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import io.cairn.storage.PinStore.PinType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code pin/update}: moves a recursive pin from one DAG to another (keeping its name), unpinning
 * the old one unless {@code unpin=false}; emits Kubo's {@code {Pins: [from, to]}}.
 */
final class PinUpdateRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/update";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean unpin = req.flag(true, "unpin");
    String fromPath = req.argument(0, "from-path");
    String toPath = req.argument(1, "to-path");
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.storage().blocks();
    PinStore pins = node.storage().pins();
    Cid from = Paths.resolve(node, req, blocks, fromPath);
    Cid to = Paths.resolve(node, req, blocks, toPath);
    String name;
    try (Stream<PinStore.Pin> recursive = pins.list(PinType.RECURSIVE)) {
      PinStore.Pin old =
          recursive
              .filter(p -> p.cid().equals(from))
              .findFirst()
              // Kubo's (boxo's) message
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'from' cid was not recursively pinned already"));
      name = old.name();
    }
    if (!from.equals(to)) {
      pins.add(to, true, name);
      if (unpin) {
        pins.remove(from, true);
      }
    }
    res.emitOnce(Map.of("Pins", List.of(cids.encode(from), cids.encode(to))));
  }
}
