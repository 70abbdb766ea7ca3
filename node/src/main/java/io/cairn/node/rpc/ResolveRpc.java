package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.codec.DagResolver;
import io.cairn.storage.unixfs.IpfsPath;
import java.util.Map;

/**
 * {@code resolve NAME}: as Kubo's, the path of the last block an {@code /ipfs/} (or {@code /ipld/})
 * path, a bare {@code <cid>[/path]} or a native {@code ipfs://} or {@code ipld://} URI reaches,
 * with the path left inside that block: {@code {"Path": "/ipfs/<cid>[/rest]"}}. UnixFS names are
 * followed through sharded directories. The CID is written as Kubo writes it: in {@code --cid-base}
 * when given, else in the base of the path's own CID (a CIDv0 reached from a CIDv1 path upgraded to
 * it). IPNS names are refused: Cairn has no IPNS.
 */
final class ResolveRpc implements ApiCommand {
  @Override
  public String path() {
    return "resolve";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String name = canonical(req.argument(0, "name"));
    // Kubo's --recursive (default true) only changes how IPNS names resolve.
    req.flag(true, "recursive", "r");
    if (name.startsWith("/ipns/")) {
      throw ApiException.client(
          "cannot resolve "
              + name
              + ": IPNS names are not supported by Cairn (resolve an /ipfs/ path instead)");
    }
    CidEncoder cids = CidEncoder.forPath(req, name);
    IpfsPath path = IpfsPath.parse(name);
    boolean ipld = name.startsWith("/ipld/");
    BlockStore blocks = node.blocks(req);
    DagResolver.Resolved r =
        Paths.resolverFor(blocks, name).resolve(path.root(), String.join("/", path.segments()));
    String cid = cids.encode(r.block());
    String rest = r.remainder().isEmpty() ? "" : "/" + r.remainder();
    res.emitOnce(Map.of("Path", (ipld ? "/ipld/" : "/ipfs/") + cid + rest));
  }

  /**
   * Kubo accepts the native URIs {@code ipfs://<cid>/...}, {@code ipld://<cid>/...} and {@code
   * ipns://<name>/...} too, with or without the {@code //} and with the scheme in any case (boxo's
   * {@code NewPathFromURI}); what follows the scheme is kept as it is.
   */
  private static String canonical(String argument) {
    String name = argument.strip();
    for (String scheme : new String[] {"ipfs", "ipns", "ipld"}) {
      if (name.length() > scheme.length()
          && name.charAt(scheme.length()) == ':'
          && asciiCaseless(name, scheme)) {
        String rest = name.substring(scheme.length() + 1);
        return "/" + scheme + "/" + (rest.startsWith("//") ? rest.substring(2) : rest);
      }
    }
    return name;
  }

  /** Whether {@code text} starts with the lower-case ASCII {@code scheme}, in any ASCII case. */
  private static boolean asciiCaseless(String text, String scheme) {
    for (int i = 0; i < scheme.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != scheme.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
