package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code routing/put KEY} with the value as the body's one file: puts a value record to the DHT
 * (kept here, so this node serves it, and sent to the peers closest to the key) and emits Kubo's
 * Value event naming the key's peer, {@code {"Extra": "", "ID": <peer>, "Responses": null, "Type":
 * 5}}. The value must validate for its key (an IPNS record signed by the name's key, not expired,
 * not older than the one held; a public key of the peer); otherwise it is refused with the reason.
 * As Kubo, without a network it fails unless {@code --allow-offline}, which keeps the value in the
 * repo for the DHT to serve once the network runs; with the network, when no peer took the value,
 * it fails too unless {@code --allow-offline} (as {@code name/publish}).
 */
final class RoutingPutRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "value-file";

  /** Kubo's {@code errAllowOffline}. */
  static final String ALLOW_OFFLINE = "can't put while offline: pass `--allow-offline` to override";

  @Override
  public String path() {
    return "routing/put";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    RoutingValues.Key key = RoutingValues.key(req.argument(0, "key"));
    boolean allowOffline = req.flag(false, "allow-offline");
    byte[] value = Bodies.readOne(req, FILE_ARGUMENT, IpnsRecord.MAX_SIZE, "a value");
    if (P2pRpcs.awaitNetwork(node, req).isEmpty()) {
      if (!allowOffline) {
        throw new ApiException(ApiException.Kind.NORMAL, ALLOW_OFFLINE);
      }
      // As Kubo's offline router: kept in the repo, for the DHT to serve once the network runs.
      try {
        Kademlia.keepOffline(
            node.storage(),
            key.dhtKey(),
            value,
            NameSystem.recordValidators(InstantSource.system()));
      } catch (IllegalArgumentException e) {
        throw invalid(key, e);
      }
      res.emit(P2pRpcs.event(RoutingValues.VALUE, key.peer().toString(), null, ""));
      return;
    }
    Kademlia dht = P2pRpcs.dht(node, req);
    CompletableFuture<Integer> put;
    try {
      put = dht.putValue(key.dhtKey(), value);
    } catch (IllegalArgumentException e) {
      throw invalid(key, e);
    }
    int peers = P2pRpcs.await(put, P2pRpcs.TIMEOUT, "putting " + key.text());
    if (peers == 0 && !allowOffline) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "no DHT peer took the value of "
              + key.text()
              + " (the routing table holds "
              + dht.routingTable().size()
              + " peers; it is kept here): is the node connected? Pass --allow-offline to put it"
              + " here only");
    }
    res.emit(P2pRpcs.event(RoutingValues.VALUE, key.peer().toString(), null, ""));
  }

  private static ApiException invalid(RoutingValues.Key key, IllegalArgumentException e) {
    return new ApiException(
        ApiException.Kind.NORMAL, "invalid value for " + key.text() + ": " + Errors.message(e), e);
  }
}
