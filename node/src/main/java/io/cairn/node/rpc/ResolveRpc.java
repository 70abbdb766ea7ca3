package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.BlockStore;
import io.cairn.storage.codec.DagResolver;
import io.cairn.storage.unixfs.IpfsPath;
import java.util.Map;

/**
 * {@code resolve NAME}: as Kubo's, the path of the last block an {@code /ipfs/} (or {@code /ipld/})
 * path, a bare {@code <cid>[/path]}, an {@code /ipns/<name>[/path]} or a native {@code ipfs://},
 * {@code ipld://} or {@code ipns://} URI reaches, with the path left inside that block: {@code
 * {"Path": "/ipfs/<cid>[/rest]"}}. IPNS names are resolved through the node's name system (the
 * repo's own records, and the DHT on a daemon with one) down to an {@code /ipfs/} path; with {@code
 * --recursive=false} an {@code /ipns/} path is resolved one step only and that record's value is
 * the answer, as in Kubo. UnixFS names are followed through sharded directories. The CID is written
 * as Kubo writes it: in {@code --cid-base} when given, else in the base of the path's own CID (a
 * CIDv0 reached from a CIDv1 path upgraded to it), or as it is when the path started with an IPNS
 * name.
 */
final class ResolveRpc implements ApiCommand {
  @Override
  public String path() {
    return "resolve";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String name = canonical(req.argument(0, "name"));
    boolean recursive = req.flag(true, "recursive", "r");
    NameSystem.ResolveOptions options = IpnsPaths.resolveOptions(req, false);
    boolean ipns = name.startsWith("/ipns/");
    if (ipns && !recursive) {
      res.emitOnce(Map.of("Path", IpnsPaths.resolve(node, req, name, false, options)));
      return;
    }
    CidEncoder cids = ipns ? CidEncoder.of(req) : CidEncoder.forPath(req, name);
    String resolved = IpnsPaths.resolve(node, req, name, true, options);
    DagResolver.Resolved r = block(node.blocks(req), resolved);
    String cid = cids.encode(r.block());
    String rest = r.remainder().isEmpty() ? "" : "/" + r.remainder();
    boolean ipld = resolved.startsWith("/ipld/");
    res.emitOnce(Map.of("Path", (ipld ? "/ipld/" : "/ipfs/") + cid + rest));
  }

  /**
   * Resolves {@code path} as this command does, IPNS names first, to the last block it reaches
   * ({@code name publish --resolve} checks a path so before publishing it).
   */
  static DagResolver.Resolved resolveFully(
      NodeHandle node, ApiRequest req, String path, NameSystem.ResolveOptions options) {
    return block(node.blocks(req), IpnsPaths.resolve(node, req, path, true, options));
  }

  /** The last block an {@code /ipfs/}, {@code /ipld/} or {@code <cid>[/path]} path reaches. */
  private static DagResolver.Resolved block(BlockStore blocks, String name) {
    IpfsPath path = IpfsPath.parse(name);
    return Paths.resolverFor(blocks, name).resolve(path.root(), String.join("/", path.segments()));
  }

  /**
   * Kubo accepts the native URIs {@code ipfs://<cid>/...}, {@code ipld://<cid>/...} and {@code
   * ipns://<name>/...} too, with or without the {@code //} and with the scheme in any case (boxo's
   * {@code NewPathFromURI}); what follows the scheme is kept as it is.
   */
  static String canonical(String argument) {
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
