package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What {@code routing/get} and {@code routing/put} share: value keys as Kubo reads them ({@code
 * /ipns/<name>} and {@code /pk/<peer-id>}, the name or peer in any of its forms, turned into the
 * binary DHT key) and the DHT they go to, with Kubo's words when there is none.
 */
final class RoutingValues {
  /** Kubo's {@code routing.Value} event type, which both commands emit. */
  static final int VALUE = 5;

  /** Kubo's (go-libp2p's {@code routing.ErrNotFound}) words for a key no peer holds. */
  static final String NOT_FOUND = RoutingFindPeerRpc.NOT_FOUND;

  /** Kubo's {@code coreiface.ErrOffline}, in a one-shot command. */
  static final String OFFLINE =
      "this action must be run in online mode, try running 'cairn daemon' first";

  /** Kubo's {@code ErrOffline}, on a daemon started with {@code --offline}. */
  static final String OFFLINE_DAEMON =
      "this action must be run in online mode: this daemon runs offline; restart it without"
          + " --offline";

  private RoutingValues() {}

  /** A parsed key: its text as given, its namespace, the peer it names and its DHT form. */
  record Key(String text, String namespace, PeerId peer, byte[] dhtKey) {}

  /**
   * Reads a key as Kubo's {@code normalizeKey}: exactly {@code /ipns/<name>} or {@code /pk/<peer>},
   * the name a peer ID ({@code 12D3KooW...}, {@code Qm...}) or a libp2p-key CID ({@code k51...}).
   *
   * @throws ApiException (400) naming what is wrong with it
   */
  static Key key(String text) {
    String[] parts = text.strip().split("/", -1);
    if (parts.length != 3
        || !parts[0].isEmpty()
        || !(parts[1].equals("ipns") || parts[1].equals("pk"))) {
      throw ApiException.client(
          "invalid key \""
              + text
              + "\": only /ipns/<name> and /pk/<peer-id> keys are supported (a name or peer ID"
              + " such as k51... or 12D3KooW...)");
    }
    PeerId peer;
    try {
      peer = IpnsRecord.parseName(parts[2]);
    } catch (IpnsException | IllegalArgumentException e) {
      throw ApiException.client("invalid key \"" + text + "\": " + e.getMessage());
    }
    byte[] dhtKey =
        parts[1].equals("ipns") ? IpnsRecord.routingKey(peer) : publicKeyKey(peer.bytes());
    return new Key(text.strip(), parts[1], peer, dhtKey);
  }

  /** {@code "/pk/"} and the peer ID's multihash, as libp2p's public-key records are keyed. */
  private static byte[] publicKeyKey(byte[] multihash) {
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    key.writeBytes("/pk/".getBytes(StandardCharsets.US_ASCII));
    key.writeBytes(multihash);
    return key.toByteArray();
  }

  /** Kubo's offline error: 400 in a one-shot command (as the house's), 500 on an offline daemon. */
  static ApiException offline(NodeHandle node) {
    return node.daemon()
        ? new ApiException(ApiException.Kind.NORMAL, OFFLINE_DAEMON)
        : ApiException.client(OFFLINE);
  }
}
