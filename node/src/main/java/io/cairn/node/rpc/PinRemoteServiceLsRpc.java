package io.cairn.node.rpc;

import io.cairn.config.PinningConfig;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.node.pinning.client.RemotePin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pin/remote/service/ls}: Kubo's {@code {RemoteServices: [{Service, ApiEndpoint}]}}, sorted
 * by name. With {@code stat}, each service is asked how many pins it holds in each status (a page
 * of one per status) and gets Kubo's {@code Stat: {Status: "valid", PinCount: {Queued, Pinning,
 * Pinned, Failed}}}, or {@code {Status: "invalid"}} without counts when any of those calls fails:
 * as in Kubo, listing never fails for a broken service ({@code pin remote ls} says what is wrong).
 */
final class PinRemoteServiceLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/remote/service/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean stat = req.flag(false, "stat");
    List<Map<String, Object>> services = new ArrayList<>();
    for (Map.Entry<String, PinningConfig.RemoteService> e :
        new TreeMap<>(RemotePins.services(node)).entrySet()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("Service", e.getKey());
      details.put("ApiEndpoint", e.getValue().endpoint());
      if (stat) {
        details.put("Stat", stat(node, req, e.getKey()));
      }
      services.add(details);
    }
    res.emitOnce(Map.of("RemoteServices", services));
  }

  private static Map<String, Object> stat(NodeHandle node, ApiRequest req, String name) {
    Map<String, Object> stat = new LinkedHashMap<>();
    Map<String, Object> counts = new LinkedHashMap<>();
    try {
      PinningClient client = RemotePins.client(node, req, name);
      for (RemotePin.Status s : RemotePin.Status.values()) {
        String label = s.label();
        counts.put(
            Character.toUpperCase(label.charAt(0)) + label.substring(1),
            client.count(new PinFilter(List.of(), "", List.of(s))));
      }
    } catch (RuntimeException e) {
      req.cancellation().check();
      stat.put("Status", "invalid");
      return stat;
    }
    stat.put("Status", "valid");
    stat.put("PinCount", counts);
    return stat;
  }
}
