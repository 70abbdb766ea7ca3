package io.cairn.node.daemon;

import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.http.RequestListener;
import io.cairn.storage.Service;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

/**
 * How to start a daemon.
 *
 * @param init whether to create the repo when there is none
 * @param initProfiles config profiles for a repo created now
 * @param apiAddress where the API listens instead of {@code Addresses.API} (tests use port 0)
 * @param routes the API port's routes besides the RPC commands, given the running node
 * @param services the services after the API server, in start order, given the running node
 * @param listener hears every API request (metrics)
 */
public record DaemonOptions(
    boolean init,
    List<String> initProfiles,
    InetSocketAddress apiAddress,
    Function<NodeHandle, List<HttpRoute>> routes,
    Function<NodeHandle, List<Service>> services,
    RequestListener listener) {
  public DaemonOptions {
    initProfiles = List.copyOf(initProfiles);
  }
}
