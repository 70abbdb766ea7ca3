package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.List;

/**
 * Bitswap's counters, as {@code bitswap stat} shows them (Kubo's fields: ProvideBufLen, Wantlist,
 * Peers, BlocksReceived, DataReceived, BlocksSent, DataSent, DupBlksReceived, DupDataReceived,
 * MessagesReceived), and Cairn's own: peers dropped for misbehaving and blocks that matched no
 * want.
 */
public record BitswapStat(
    int provideBufLen,
    List<Cid> wantlist,
    List<PeerId> peers,
    long blocksReceived,
    long dataReceived,
    long blocksSent,
    long dataSent,
    long dupBlksReceived,
    long dupDataReceived,
    long messagesReceived,
    long peersDropped,
    long badBlocksReceived) {
  public BitswapStat {
    wantlist = List.copyOf(wantlist);
    peers = List.copyOf(peers);
  }
}
