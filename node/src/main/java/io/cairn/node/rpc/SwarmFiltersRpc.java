package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.AddressMask;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm/filters}: the address filters the running node applies (from {@code
 * Swarm.AddrFilters} and {@code swarm/filters/add|rm} since), as Kubo lists them: {@code
 * {"Strings": [...]}} with each network written canonically ({@code /ip4/10.0.0.0/ipcidr/8}), and
 * {@code null} when there are none.
 */
final class SwarmFiltersRpc implements ApiCommand {
  /** The config key that {@code swarm/filters/add|rm} change besides the running node. */
  static final String KEY = "Swarm.AddrFilters";

  @Override
  public String path() {
    return "swarm/filters";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<AddressMask> filters = P2pRpcs.network(node, req).p2p().addressFilters();
    res.emitOnce(strings(filters.stream().map(AddressMask::toString).toList()));
  }

  /** Kubo's {@code Strings} output, {@code null} for none as Go writes an empty slice it built. */
  static java.util.Map<String, Object> strings(List<String> lines) {
    return P2pRpcs.strings(lines.isEmpty() ? null : lines);
  }

  /**
   * The masks of the arguments, all read before anything changes.
   *
   * @throws ApiException with the message Kubo gives for the first bad one
   */
  static List<AddressMask> masks(List<String> arguments) {
    List<AddressMask> out = new ArrayList<>(arguments.size());
    for (String a : arguments) {
      try {
        out.add(AddressMask.parse(a));
      } catch (IllegalArgumentException e) {
        throw new ApiException(ApiException.Kind.NORMAL, e.getMessage());
      }
    }
    return out;
  }
}
