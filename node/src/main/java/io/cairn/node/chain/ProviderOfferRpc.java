package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ProviderOffer;
import io.cairn.chain.StorageTerms;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.Multiaddr;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code provider/register} (with a stake) and {@code provider/update}: this node's offer in the
 * registry, and with {@code max-periods}, {@code min-piece-bytes} or {@code max-deals} the storage
 * deals it accepts (0: no limit for periods and deals).
 */
final class ProviderOfferRpc extends PathCommand {

  ProviderOfferRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    ProviderOffer offer =
        new ProviderOffer(
            req.option("peer-id").orElse(node.config().peerId().toString()),
            req.option("endpoints").orElseGet(() -> endpoints(node)),
            req.number("capacity").orElse(node.config().datastore().storageMaxBytes()),
            ChainRpc.amount(req, "price", BigInteger.ZERO),
            req.option("gpu-model").orElse(""),
            req.number("gpu-memory").orElse(0L),
            ChainRpc.amount(req, "gpu-price", BigInteger.ZERO));
    TxResult r;
    if (path().equals("provider/register")) {
      r = c.registerProvider(offer, ChainRpc.amount(req, "stake", BigInteger.ZERO));
    } else {
      r = c.updateProvider(offer);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Provider", c.address());
    m.put("Tx", r.hash());
    m.put("GasUsed", r.gasUsed());
    if (req.option("max-periods").isPresent()
        || req.option("min-piece-bytes").isPresent()
        || req.option("max-deals").isPresent()) {
      // the storage deals this provider accepts: the market checks them on open and accept
      TxResult t =
          c.setStorageTerms(
              req.number("max-periods").orElse(0L),
              req.number("min-piece-bytes").orElse(0L),
              Math.toIntExact(req.number("max-deals").orElse(0L)));
      m.put("TermsTx", t.hash());
    }
    StorageTerms terms = c.storageTerms(c.address());
    m.put("MaxPeriods", terms.maxPeriods());
    m.put("MinPieceBytes", terms.minPieceBytes());
    m.put("MaxDealsInFlight", terms.maxDealsInFlight());
    res.emit(m);
  }

  /**
   * The node's libp2p listen addresses (where clients send deal proposals and the provider fetches
   * from) and its gateway URL, comma-separated, as many as fit the registry's 1024 bytes.
   */
  private static String endpoints(NodeHandle node) {
    StringBuilder out = new StringBuilder(gatewayUrl(node));
    List<Multiaddr> listen =
        node.network().map(n -> n.p2p().host().announcedAddresses()).orElse(List.of());
    for (Multiaddr a : listen.reversed()) {
      String entry = a + ",";
      if (out.length() + entry.length() <= 1024) {
        out.insert(0, entry);
      }
    }
    return out.toString();
  }

  private static String gatewayUrl(NodeHandle node) {
    java.net.InetSocketAddress a = node.config().addresses().gateway().get(0).socketAddress();
    String host = a.getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
