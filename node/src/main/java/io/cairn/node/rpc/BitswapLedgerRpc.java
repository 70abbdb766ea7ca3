package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.bitswap.BitswapLedger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bitswap/ledger PEER}: what this node and the peer exchanged, as Kubo's {@code {Peer,
 * Value, Sent, Recv, Exchanged}} (bytes sent and received, blocks exchanged, and the debt ratio).
 */
final class BitswapLedgerRpc implements ApiCommand {
  @Override
  public String path() {
    return "bitswap/ledger";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    var peer = P2pRpcs.peer(req.argument(0, "peer"));
    BitswapLedger l = P2pRpcs.network(node, req).bitswap().ledger(peer);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Peer", l.peer().toString());
    m.put("Value", l.value());
    m.put("Sent", l.sent());
    m.put("Recv", l.received());
    m.put("Exchanged", l.exchanged());
    res.emitOnce(m);
  }
}
