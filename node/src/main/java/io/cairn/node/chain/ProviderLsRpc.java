package io.cairn.node.chain;

import io.cairn.chain.ProviderInfo;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code provider/ls}: the providers in the registry and their record. */
final class ProviderLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "provider/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ProviderInfo p : ChainRpc.client(node).providers()) {
      list.add(ChainRpc.provider(p));
    }
    res.emit(Map.of("Providers", list));
  }
}
