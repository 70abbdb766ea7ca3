package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.TunnelListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code p2p/ls}: Kubo's {@code {"Listeners": [{Protocol, ListenAddress, TargetAddress}]}}, the
 * forwarders first, then the protocol listeners; {@code null} when there are none, as Kubo's.
 */
final class P2pLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "p2p/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Map<String, Object>> listeners =
        TunnelRpcs.tunnels(node, req).listeners().stream().map(P2pLsRpc::entry).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Listeners", listeners.isEmpty() ? null : listeners);
    res.emitOnce(out);
  }

  private static Map<String, Object> entry(TunnelListener l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Protocol", l.protocol());
    m.put("ListenAddress", l.listenAddress().toString());
    m.put("TargetAddress", l.targetAddress().toString());
    return m;
  }
}
