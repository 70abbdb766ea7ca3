package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What Kubo's {@code key} commands share: the {@code --ipns-base} option that says how a key's ID
 * is written, and the {@code {Name, Id}} and {@code {Keys: [...]}} shapes of their output.
 */
final class KeyOutputs {
  /** Kubo's option name; its value is a multibase name or prefix, or {@code b58mh}. */
  static final String IPNS_BASE = "ipns-base";

  private KeyOutputs() {}

  /**
   * How the request's {@code --ipns-base} writes a key's ID, as Kubo's key encoder: {@code b58mh}
   * (or {@code v0}) the base58 peer ID ({@code 12D3KooW...}), any multibase name or prefix the peer
   * ID as a CIDv1 of codec libp2p-key in that base; by default base36 ({@code k51...}), the form of
   * IPNS names.
   *
   * @throws ApiException for a base that does not exist
   */
  static Function<PeerId, String> idEncoder(ApiRequest req) {
    String name = req.option(IPNS_BASE).filter(s -> !s.isEmpty()).orElse("base36");
    if (name.equals("b58mh") || name.equals("v0")) {
      return PeerId::toString;
    }
    Multibase base;
    try {
      base = Multibase.forName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid --" + IPNS_BASE + ": " + e.getMessage());
    }
    return id -> id.toCid().toString(base);
  }

  /** Kubo's {@code KeyOutput}: {@code {Name, Id}}. */
  static Map<String, Object> key(String name, Identity key, Function<PeerId, String> ids) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", name);
    out.put("Id", ids.apply(key.peerId()));
    return out;
  }

  /** Kubo's {@code KeyOutputList}: {@code {Keys: [{Name, Id}...]}}. */
  static Map<String, Object> keys(List<Map<String, Object>> keys) {
    return Map.of("Keys", keys);
  }
}
