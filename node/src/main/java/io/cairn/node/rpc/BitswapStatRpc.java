package io.cairn.node.rpc;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.retrieval.p2p.bitswap.BitswapStat;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bitswap/stat} (and {@code stats/bitswap}): Kubo's fields (BlocksReceived, BlocksSent,
 * DataReceived, DataSent, DupBlksReceived, DupDataReceived, MessagesReceived, Peers, ProvideBufLen,
 * Wantlist) and Cairn's own: PeersDropped (for misbehaving) and BadBlocksReceived (blocks that did
 * not match their CID).
 */
final class BitswapStatRpc extends PathCommand {

  BitswapStatRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    BitswapStat s = P2pRpcs.network(node, req).bitswap().stat();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("BlocksReceived", s.blocksReceived());
    m.put("BlocksSent", s.blocksSent());
    m.put("DataReceived", s.dataReceived());
    m.put("DataSent", s.dataSent());
    m.put("DupBlksReceived", s.dupBlksReceived());
    m.put("DupDataReceived", s.dupDataReceived());
    m.put("MessagesReceived", s.messagesReceived());
    m.put("Peers", s.peers().stream().map(PeerId::toString).sorted().toList());
    m.put("ProvideBufLen", s.provideBufLen());
    m.put("Wantlist", links(s.wantlist()));
    m.put("PeersDropped", s.peersDropped());
    m.put("BadBlocksReceived", s.badBlocksReceived());
    res.emitOnce(m);
  }

  /** CIDs as Kubo's JSON writes them: {@code {"/": "bafy..."}}. */
  static List<Map<String, String>> links(List<Cid> cids) {
    return cids.stream().map(c -> Map.of("/", c.toString())).toList();
  }
}
