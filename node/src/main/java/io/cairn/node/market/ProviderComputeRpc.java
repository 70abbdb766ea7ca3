package io.cairn.node.market;

import static io.cairn.config.ConfigEditor.ValueType.BOOL;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ComputeOfferTerms;
import io.cairn.chain.JobRequirements;
import io.cairn.chain.TxResult;
import io.cairn.config.ConfigEditor;
import io.cairn.config.ProviderConfig;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainRpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code provider/compute} ({@code on}, {@code off} or {@code limits}, with the offer's options):
 * writes {@code Provider.Compute} in the config, which the daemon's scheduler reads on its next
 * pass, and on a daemon with a chain sets the compute offer in the registry to match.
 */
final class ProviderComputeRpc implements ApiCommand {
  @Override
  public String path() {
    return "provider/compute";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String action = req.argument(0, "action");
    String key = "Provider.Compute.";
    List<ConfigEditor.Change> changes = new ArrayList<>();
    switch (action) {
      case "on" -> changes.add(new ConfigEditor.Change(key + "Enabled", "true", BOOL));
      case "off" -> changes.add(new ConfigEditor.Change(key + "Enabled", "false", BOOL));
      case "limits" -> {}
      default ->
          throw ApiException.client(
              "provider compute takes on, off or limits, not '" + action + "'");
    }
    req.option("engines")
        .ifPresent(
            e ->
                changes.add(
                    new ConfigEditor.Change(
                        key + "Engines", engines(e), ConfigEditor.ValueType.JSON)));
    option(changes, req, "cpu", key + "CpuCores");
    option(changes, req, "memory", key + "MemoryBytes");
    option(changes, req, "concurrency", key + "Concurrency");
    option(changes, req, "min-price", key + "MinJobPrice");
    option(changes, req, "energy", key + "EnergySource");
    // in one write: a value refused leaves the others unwritten too
    ConfigEditor.open(node.paths()).setAll(changes);
    node.configChanged();
    ProviderConfig p = node.config().provider();
    Map<String, Object> m = new LinkedHashMap<>();
    ProviderConfig.Compute c = p.compute();
    m.put("Enabled", c.enabled());
    m.put("Engines", c.engines());
    m.put("CpuCores", c.cpuCores());
    m.put("MemoryBytes", c.memoryBytes());
    m.put("Concurrency", c.concurrency());
    m.put("MinJobPrice", c.minJobPrice().toString());
    m.put("EnergySource", c.energySource());
    offer(node, p).ifPresent(tx -> m.put("Tx", tx.hash()));
    res.emit(m);
  }

  /**
   * Sets the registry's compute offer from the config, on a daemon with a chain: the engines while
   * compute is on (WASM alone while only verifying, as verifiers must offer it), and the verifier
   * flag.
   */
  static java.util.Optional<TxResult> offer(NodeHandle node, ProviderConfig p) {
    if (!node.daemon() || node.chain().flatMap(s -> s.client()).isEmpty()) {
      return java.util.Optional.empty();
    }
    ChainClient chain = ChainRpc.client(node);
    ProviderConfig.Compute c = p.compute();
    boolean verifier = p.verify().enabled();
    int engines = c.enabled() ? c.engineBits() : 0;
    if (verifier) {
      engines |= JobRequirements.ENGINE_WASM;
    }
    return java.util.Optional.of(
        chain
            .compute()
            .setComputeOffer(
                new ComputeOfferTerms(
                    engines,
                    c.cpuCores(),
                    c.memoryBytes(),
                    c.minJobPrice(),
                    c.energySource(),
                    verifier)));
  }

  private static void option(
      List<ConfigEditor.Change> changes, ApiRequest req, String option, String key) {
    req.option(option)
        .ifPresent(
            v -> changes.add(new ConfigEditor.Change(key, v, ConfigEditor.ValueType.STRING)));
  }

  /** {@code wasm,cuda} as the JSON array the config holds. */
  private static String engines(String list) {
    List<String> quoted = new ArrayList<>();
    for (String e : list.split(",")) {
      if (!e.isBlank()) {
        quoted.add("\"" + e.strip().replace("\"", "") + "\"");
      }
    }
    return "[" + String.join(",", quoted) + "]";
  }
}
