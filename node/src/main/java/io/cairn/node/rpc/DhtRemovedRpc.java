package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import java.util.List;

/**
 * Kubo's removed {@code dht} subcommands ({@code dht/findprovs}, {@code findpeer}, {@code get},
 * {@code put}, {@code provide}): each answers Kubo's error pointing at {@code routing}, whatever
 * its arguments.
 */
final class DhtRemovedRpc extends PathCommand {
  /** Kubo's {@code RemovedDHTCmd} error, with this program's name. */
  static final String REMOVED = "removed, use 'cairn routing' instead";

  /** The subcommands Kubo removed from {@code dht}. */
  static final List<String> NAMES = List.of("findprovs", "findpeer", "get", "put", "provide");

  DhtRemovedRpc(String name) {
    super("dht/" + name);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    throw new ApiException(ApiException.Kind.NORMAL, REMOVED);
  }
}
