package io.cairn.node.webui;

import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpRoute;

/**
 * The dashboard at {@value #PATH} on the API port: one self-contained page (HTML, CSS and plain
 * JavaScript from this module's resources, nothing from elsewhere) that shows the node's identity,
 * repo size, pins and recent uploads, and uploads files through the RPC API. The page calls the RPC
 * API from the API's own origin, which the API allows.
 *
 * <p>Besides the page's files the route serves two small endpoints for what the RPC API does not
 * give: {@code GET /webui/api/status} (addresses, gateway URL, repo and pin counts, recent uploads)
 * and {@code POST /webui/api/recent}, by which the page records an upload it made so that every
 * open dashboard lists it (kept in memory: the last {@value RecentAdds#CAPACITY} since the daemon
 * started).
 */
public final class WebUi {
  public static final String PATH = "/webui";

  private WebUi() {}

  public static HttpRoute route(NodeHandle node) {
    return new WebUiRoute(node, StaticAssets.load("webui/"), new RecentAdds());
  }
}
