package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code deal/ls}: this account's deals as client or provider ({@code all}: every deal). */
final class DealLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "deal/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    boolean all = req.flag(false, "all");
    String me = c.address();
    List<Map<String, Object>> list = new ArrayList<>();
    for (DealInfo d : c.deals()) {
      if (all || d.client().equalsIgnoreCase(me) || d.provider().equalsIgnoreCase(me)) {
        Map<String, Object> m = ChainRpc.deal(d, null);
        m.put(
            "Role",
            d.provider().equalsIgnoreCase(me)
                ? "provider"
                : d.client().equalsIgnoreCase(me) ? "client" : "");
        list.add(m);
      }
    }
    res.emit(Map.of("Deals", list));
  }
}
