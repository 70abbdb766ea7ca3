package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubMessage;
import io.cairn.storage.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code pubsub/*} commands share: the running router, or Kubo's errors when there is
 * none; topics, multibase-encoded in URL arguments as Kubo's RPC requires; messages in Kubo's
 * {@code {from, data, seqno, topicIDs}} shape.
 */
final class PubsubRpcs {
  /** Kubo's error when pubsub is off. */
  static final String NOT_ENABLED =
      "experimental pubsub feature not enabled, run daemon with --enable-pubsub-experiment to use";

  private PubsubRpcs() {}

  static List<io.cairn.node.api.ApiCommand> all() {
    return List.of(new PubsubPubRpc(), new PubsubSubRpc(), new PubsubLsRpc(), new PubsubPeersRpc());
  }

  /**
   * The router; Kubo's "not enabled" error when pubsub is off, the offline error on a daemon that
   * runs without its network but has {@code Pubsub.Enabled}, and the daemon error without one.
   */
  static Pubsub pubsub(NodeHandle node, ApiRequest req) {
    if (!node.daemon()) {
      throw ApiException.client(P2pRpcs.NEEDS_DAEMON);
    }
    Optional<NodeNetwork> network = P2pRpcs.awaitNetwork(node, req);
    if (network.isEmpty()) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          node.config().pubsub().enabled() ? P2pRpcs.OFFLINE_DAEMON : NOT_ENABLED);
    }
    return network
        .get()
        .pubsub()
        .orElseThrow(() -> new ApiException(ApiException.Kind.NORMAL, NOT_ENABLED));
  }

  /**
   * A topic argument as Kubo's {@code urlArgsDecoder} takes it: multibase, base64url ({@code u}).
   */
  static String topic(String arg) {
    Multibase base = arg.isEmpty() ? null : Multibase.forPrefix(arg.charAt(0)).orElse(null);
    byte[] bytes;
    try {
      bytes = Multibase.decode(arg);
    } catch (IllegalArgumentException e) {
      throw ApiException.client("URL arg must be multibase encoded: " + e.getMessage());
    }
    if (base != Multibase.BASE64_URL) {
      throw ApiException.client("URL arg must be base64url encoded");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A topic as the RPC carries it: base64url multibase. */
  static String encode(String topic) {
    return Multibase.BASE64_URL.encode(topic.getBytes(StandardCharsets.UTF_8));
  }

  /** Kubo's {@code pubsubMessage}: from (peer ID text), data, seqno and topicIDs (multibase). */
  static Map<String, Object> message(PubsubMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", m.from().toString());
    if (m.data().length > 0) {
      out.put("data", Multibase.BASE64_URL.encode(m.data()));
    }
    out.put("seqno", Multibase.BASE64_URL.encode(m.seqno()));
    out.put("topicIDs", m.topics().stream().map(PubsubRpcs::encode).toList());
    return out;
  }
}
