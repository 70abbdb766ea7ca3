package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.WriteSession;
import io.cairn.storage.car.CarImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dag/import}: the blocks of the CAR files (v1 or v2) in the body, each checked against its
 * CID, then the roots pinned once every file is read. Emits Kubo's {@code {Root: {Cid,
 * PinErrorMsg}}} per root and, with {@code stats}, {@code {Stats: {BlockCount, BlockBytesCount}}}.
 * As in Kubo, a root that could not be pinned is reported in its event only: the import succeeds
 * (the CLI's text output then fails on it, as Kubo's does).
 */
final class DagImportRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "path";

  @Override
  public String path() {
    return "dag/import";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean pinRoots = req.flag(true, "pin-roots");
    boolean stats = req.flag(false, "stats");
    Iterator<BodyPart> parts = req.requiredBody(FILE_ARGUMENT);
    Set<Cid> roots = new LinkedHashSet<>();
    long blocks = 0;
    long bytes = 0;
    Optional<NodeNetwork> network = node.network();
    try (WriteSession session = node.storage().beginWrite()) {
      while (parts.hasNext()) {
        BodyPart part = parts.next();
        try (InputStream in = part.content().open()) {
          CarImport.Result r =
              CarImport.importInto(
                  network.map(n -> n.announcing(session.blocks())).orElse(session.blocks()),
                  in,
                  CarImport.Listener.NONE);
          roots.addAll(r.roots());
          blocks += r.blocks();
          bytes += r.bytes();
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot read " + Bodies.name(part) + ": " + Errors.message(e), e);
        }
      }
      session.blocks().sync();
      if (pinRoots) {
        for (Cid root : roots) {
          String error = "";
          try {
            session.pin(root, true, null);
          } catch (RuntimeException e) {
            error = pinError(root, e);
          }
          Map<String, Object> meta = new LinkedHashMap<>();
          meta.put("Cid", Map.of("/", root.toString()));
          meta.put("PinErrorMsg", error);
          res.emit(Map.of("Root", meta));
        }
      }
      if (stats) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("BlockCount", blocks);
        s.put("BlockBytesCount", bytes);
        res.emit(Map.of("Stats", s));
      }
    }
    node.provideWritten(network, (n, beforeStart) -> n.provideAdded(roots, pinRoots, beforeStart));
  }

  /**
   * Why a root could not be pinned: for a block that is nowhere, Kubo's words, which clients look
   * for: boxo's {@code ipld: could not find <cid>} for the root itself (Kubo reads it from the
   * blockstore), and for a block below it what Kubo's offline pin walk says, {@code block was not
   * found locally (offline): ipld: could not find <cid>}.
   */
  private static String pinError(Cid root, RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BlockNotFoundException missing) {
        String notFound = "ipld: could not find " + missing.cid();
        return missing.cid().equals(root)
            ? notFound
            : "block was not found locally (offline): " + notFound;
      }
    }
    return Errors.message(e);
  }
}
