package io.cairn.node.rpc;

import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.NameSystem;
import java.util.Map;

/**
 * {@code name/resolve [<name>]}: Kubo's resolution of an IPNS name ({@code NAME[/path]} or {@code
 * /ipns/NAME[/path]}; by default the node's own) to {@code {"Path": "/ipfs/..."}}, through every
 * name on the way unless {@code --recursive=false} (then the first record's value). Options as
 * Kubo's: {@code --nocache}, {@code --dht-record-count}, {@code --dht-timeout}, and {@code
 * --stream}, which here emits the final result alone. A one-shot command resolves from the records
 * this repo published; a daemon with the DHT looks there too.
 */
final class NameResolveRpc implements ApiCommand {
  @Override
  public String path() {
    return "name/resolve";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String name =
        req.arguments().isEmpty()
            ? node.key(Keystore.SELF).peerId().toString()
            : req.arguments().get(0);
    boolean recursive = req.flag(true, "recursive", "r");
    boolean stream = req.flag(false, "stream", "s");
    NameSystem.ResolveOptions options = IpnsPaths.resolveOptions(req, true);
    String path = name.startsWith("/ipns/") ? name : "/ipns/" + name;
    Map<String, Object> out =
        Map.of("Path", IpnsPaths.resolve(node, req, path, recursive, options));
    if (stream) {
      res.emit(out);
    } else {
      res.emitOnce(out);
    }
  }
}
