package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.AddressMask;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm/filters/rm ADDR...}: removes address filters from the running node and from the
 * config's {@code Swarm.AddrFilters}, and emits Kubo's {@code {"Strings": [...]}} with the config
 * entries removed. As in Kubo, {@code all} or {@code *} as the first argument removes every filter.
 * A config entry is removed when it names the same network as an argument, written the same way or
 * not (Kubo compares the texts, so its config can keep a filter the running node dropped).
 */
final class SwarmFiltersRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/filters/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeNetwork network = P2pRpcs.network(node, req);
    List<String> arguments = req.requiredArguments("address");
    boolean all = arguments.get(0).equals("all") || arguments.get(0).equals("*");
    List<AddressMask> masks = all ? List.of() : SwarmFiltersRpc.masks(arguments);
    List<String> removed = new ArrayList<>();
    ConfigEditor.open(node.paths())
        .updateList(
            SwarmFiltersRpc.KEY,
            current -> {
              removed.clear();
              List<String> kept = new ArrayList<>();
              for (String entry : current) {
                (all || names(entry, masks) ? removed : kept).add(entry);
              }
              return kept;
            });
    node.configChanged();
    network
        .p2p()
        .updateAddressFilters(
            current -> current.stream().filter(m -> !all && !masks.contains(m)).toList());
    res.emitOnce(all ? SwarmFiltersRpc.strings(removed) : P2pRpcs.strings(removed));
  }

  /** Whether the config entry names one of the networks (an entry that is no mask names none). */
  private static boolean names(String entry, List<AddressMask> masks) {
    try {
      return masks.contains(AddressMask.parse(entry));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
