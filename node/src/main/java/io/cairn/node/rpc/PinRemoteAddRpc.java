package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.node.pinning.client.RemotePin;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pin/remote/add PATH --service=NAME [--name=] [--background]}: asks a remote pinning
 * service to pin what the path names, as Kubo does. When this node holds the root block and runs
 * its network, its own addresses go as the request's {@code origins}, for the service to fetch
 * from; the service's {@code delegates} are dialed. Without {@code background} the command polls
 * the request every half second until it is {@code pinned} (or fails with Kubo's error when it is
 * {@code failed}); emits Kubo's {@code {Status, Cid, Name}}.
 */
final class PinRemoteAddRpc implements ApiCommand {
  private static final Logger LOG = LoggerFactory.getLogger(PinRemoteAddRpc.class);

  /** Kubo's wait between two status checks. */
  static final Duration POLL = Duration.ofMillis(500);

  @Override
  public String path() {
    return "pin/remote/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    CidEncoder cids = CidEncoder.of(req);
    PinningClient client = RemotePins.client(node, req);
    if (req.arguments().size() != 1) {
      throw ApiException.client(
          req.arguments().isEmpty()
              ? "argument \"ipfs-path\" is required"
              : "expecting one CID argument");
    }
    String name = req.option("name").orElse("");
    try {
      PinFilter.checkName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
    Cid cid = Paths.resolve(node, req, node.blocks(req), req.arguments().get(0));
    Optional<NodeNetwork> network = node.network();
    List<String> origins = node.storage().blocks().has(cid) ? node.origins() : List.of();

    RemotePin queued = client.add(cid, name, origins);
    network.ifPresent(n -> dial(n, queued.delegates()));
    RemotePin pin = req.flag(false, "background") ? queued : await(client, queued.requestId(), req);
    res.emitOnce(RemotePins.json(pin, cids));
  }

  /** Polls the request until it is pinned; Kubo's errors when it fails or the wait is cut. */
  private static RemotePin await(PinningClient client, String requestId, ApiRequest req)
      throws InterruptedException {
    String id = "\"" + requestId + "\"";
    while (true) {
      RemotePin now;
      try {
        now = client.status(requestId);
      } catch (ApiException e) {
        throw interrupted(id, e);
      } catch (RuntimeException e) {
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "failed to check pin status for requestid=" + id + " due to error: " + e.getMessage(),
            e);
      }
      if (!now.requestId().equals(requestId)) {
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "failed to check pin status for requestid="
                + id
                + ", remote service sent unexpected requestid=\""
                + now.requestId()
                + "\"");
      }
      switch (now.status()) {
        case PINNED -> {
          return now;
        }
        case FAILED ->
            throw new ApiException(
                ApiException.Kind.NORMAL, "remote service failed to pin requestid=" + id);
        default -> {
          try {
            req.cancellation().sleep(POLL);
          } catch (ApiException e) {
            throw interrupted(id, e);
          }
        }
      }
    }
  }

  private static ApiException interrupted(String id, ApiException why) {
    return new ApiException(
        why.kind(),
        "waiting for pin interrupted, requestid=" + id + " remains on remote service",
        why);
  }

  /** Dials the service's delegates, without waiting: they help the service find the DAG sooner. */
  private static void dial(NodeNetwork network, List<String> delegates) {
    for (String d : delegates) {
      try {
        P2pRpcs.PeerAddress a = P2pRpcs.peerAddress(d);
        network
            .p2p()
            .host()
            .connect(a.peer(), a.addresses())
            .exceptionally(
                e -> {
                  LOG.info("error connecting to remote pin delegate {}: {}", d, e.toString());
                  return null;
                });
      } catch (RuntimeException e) {
        LOG.info("remote pin delegate {} is not a peer address: {}", d, e.getMessage());
      }
    }
  }
}
