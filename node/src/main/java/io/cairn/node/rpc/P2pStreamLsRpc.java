package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.TunnelStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code p2p/stream/ls}: Kubo's {@code {"Streams": [{HandlerID, Protocol, OriginAddress,
 * TargetAddress}]}}, by handler ID; {@code null} when there are none.
 */
final class P2pStreamLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "p2p/stream/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Map<String, Object>> streams =
        TunnelRpcs.tunnels(node, req).streams().stream().map(P2pStreamLsRpc::entry).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Streams", streams.isEmpty() ? null : streams);
    res.emitOnce(out);
  }

  private static Map<String, Object> entry(TunnelStream s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("HandlerID", Long.toString(s.id()));
    m.put("Protocol", s.protocol());
    m.put("OriginAddress", s.origin().toString());
    m.put("TargetAddress", s.target().toString());
    return m;
  }
}
