package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.Links;
import io.cairn.storage.codec.PbLink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code refs}: the links of DAG nodes, as Kubo's {@code RefWriter} lists them: depth-first in link
 * order, each edge formatted by {@code format} ({@code <src>}, {@code <dst>}, {@code <linkname>};
 * {@code edges} is {@code <src> -> <dst>}), only direct links unless {@code recursive}, down to
 * {@code max-depth}, each CID once with {@code unique}. Emits {@code {Ref, Err}} per edge; a root
 * that cannot be walked gives one {@code {Err}} and the next root is listed.
 */
final class RefsRpc implements ApiCommand {
  private record Link(Cid cid, String name) {}

  /** A node being listed: its links and the next one to visit. */
  private static final class Frame {
    final Cid cid;
    final List<Link> links;
    final int depth;
    int next;

    Frame(Cid cid, List<Link> links, int depth) {
      this.cid = cid;
      this.links = links;
      this.depth = depth;
    }
  }

  @Override
  public String path() {
    return "refs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean unique = req.flag(false, "unique", "u");
    boolean recursive = req.flag(false, "recursive", "r");
    boolean edges = req.flag(false, "edges", "e");
    String format = req.optionOr("format", "<dst>");
    Function<Cid, String> encoder = CidEncoder.of(req)::encode;
    long maxDepth = recursive ? req.number("max-depth").orElse(-1L) : 1;
    if (edges) {
      if (!format.equals("<dst>")) {
        throw ApiException.client("using format argument with edges is not allowed");
      }
      format = "<src> -> <dst>";
    }
    BlockStore blocks = node.blocks(req);
    List<Cid> roots = new ArrayList<>();
    for (String path : req.requiredArguments("ipfs-path")) {
      roots.add(Paths.resolve(node, req, blocks, path));
    }
    Map<Cid, Long> seen = new HashMap<>();
    for (Cid root : roots) {
      try {
        walk(blocks, root, maxDepth, unique, seen, format, encoder, res);
      } catch (RuntimeException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Ref", "");
        m.put("Err", Errors.message(e));
        res.emit(m);
      }
    }
  }

  private static void walk(
      BlockStore blocks,
      Cid root,
      long maxDepth,
      boolean unique,
      Map<Cid, Long> seen,
      String format,
      Function<Cid, String> encoder,
      ApiResponse res) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, links(blocks, root), 0));
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.next == top.links.size()) {
        stack.pop();
        continue;
      }
      Link link = top.links.get(top.next++);
      long depth = top.depth + 1;
      // Kubo's RefWriter.visit: whether to go below the link, and whether to write it.
      boolean atMax = maxDepth >= 0 && depth == maxDepth;
      if (maxDepth >= 0 && depth > maxDepth) {
        continue;
      }
      boolean deeper = !atMax;
      boolean write = true;
      if (unique) {
        Long old = seen.get(link.cid());
        if (old != null && (maxDepth < 0 || old <= depth)) {
          continue;
        }
        seen.put(link.cid(), depth);
        write = old == null;
      }
      if (write) {
        res.emit(
            ref(
                format
                    .replace("<src>", encoder.apply(top.cid))
                    .replace("<dst>", encoder.apply(link.cid()))
                    .replace("<linkname>", link.name())));
      }
      if (deeper) {
        stack.push(new Frame(link.cid(), links(blocks, link.cid()), (int) depth));
      }
    }
  }

  private static List<Link> links(BlockStore blocks, Cid cid) {
    if (cid.isCodec(Multicodec.RAW)) {
      return List.of();
    }
    byte[] data = blocks.require(cid);
    List<Link> out = new ArrayList<>();
    if (cid.isCodec(Multicodec.DAG_PB)) {
      for (PbLink l : DagPb.decode(data).links()) {
        out.add(new Link(l.cid(), l.nameOrEmpty()));
      }
    } else {
      for (Cid c : Links.of(cid, data)) {
        out.add(new Link(c, ""));
      }
    }
    return out;
  }

  static Map<String, Object> ref(String ref) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Ref", ref);
    m.put("Err", "");
    return m;
  }
}
