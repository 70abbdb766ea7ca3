package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.AddressMask;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code swarm/filters/add ADDR...}: adds address filters to the running node (each network once,
 * after those it has) and to the front of the config's {@code Swarm.AddrFilters} (each text once),
 * as Kubo does, and emits Kubo's {@code {"Strings": [...]}} with the filters given. An argument
 * that is not a mask fails with Kubo's message before anything changes.
 */
final class SwarmFiltersAddRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/filters/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeNetwork network = P2pRpcs.network(node, req);
    List<String> added = List.copyOf(new LinkedHashSet<>(req.requiredArguments("address")));
    List<AddressMask> masks = SwarmFiltersRpc.masks(added);
    ConfigEditor.open(node.paths())
        .updateList(
            SwarmFiltersRpc.KEY,
            current -> {
              LinkedHashSet<String> out = new LinkedHashSet<>(added);
              out.addAll(current);
              return List.copyOf(out);
            });
    node.configChanged();
    network
        .p2p()
        .updateAddressFilters(
            current -> {
              List<AddressMask> out = new ArrayList<>(current);
              out.addAll(masks);
              return out;
            });
    res.emitOnce(P2pRpcs.strings(added));
  }
}
