package io.cairn.node.cli;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn ls}: directory listings as {@code ipfs ls} prints them. */
@Command(name = "ls", description = "List directory contents (Hash, Size, Name), as 'ipfs ls'.")
final class LsCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "CIDs or /ipfs/ paths (default: one per line on stdin).")
  List<String> paths;

  @Option(
      names = {"-v", "--headers"},
      description = "Print table headers (Hash, Size, Name).")
  boolean headers;

  @Option(
      names = "--resolve-type",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Fetch children to learn their types (default: true).")
  boolean resolveType;

  @Option(
      names = "--size",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Show file sizes (default: true).")
  boolean size;

  @Option(
      names = {"-s", "--stream"},
      description = "Print entries as they are found, in DAG order.")
  boolean stream;

  @Override
  public void run() {
    paths = StdinArguments.orStdin(ctx, paths, "ipfs-path");
    BlockStore blocks = ctx.storage().blocks();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    boolean multiple = paths.size() > 1;
    List<Map<String, Object>> objects = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      Cid cid = Paths.resolve(blocks, path);
      if (!ctx.json() && multiple) {
        if (i > 0) {
          ctx.out().println("");
        }
        ctx.out().println(path + ":");
      }
      if (!ctx.json() && stream && headers) {
        ctx.out().print(streamRow(header()));
      }
      List<String[]> rows = new ArrayList<>();
      List<Map<String, Object>> links = new ArrayList<>();
      try (Stream<DirEntry> entries = entries(exporter, cid)) {
        entries.forEach(
            e -> {
              if (ctx.json()) {
                if (stream) {
                  ctx.out().json(Map.of("Objects", List.of(object(path, List.of(link(e))))));
                } else {
                  links.add(link(e));
                }
              } else if (stream) {
                ctx.out().print(streamRow(row(e)));
              } else {
                rows.add(row(e));
              }
            });
      }
      if (ctx.json()) {
        objects.add(object(path, links));
      } else if (!stream) {
        TabWriter t = new TabWriter();
        if (headers) {
          t.row(header());
        }
        rows.forEach(t::row);
        ctx.out().print(t.render());
      }
    }
    if (ctx.json() && !stream) {
      // Kubo emits one object for all paths when not streaming.
      ctx.out().json(Map.of("Objects", objects));
    }
  }

  private String[] header() {
    return size ? new String[] {"Hash", "Size", "Name"} : new String[] {"Hash", "Name"};
  }

  private String[] row(DirEntry e) {
    boolean dir = e.kind().isDirectory();
    String name = Names.escape(e.name()) + (dir ? "/" : "");
    return size
        ? new String[] {e.cid().toString(), dir ? "-" : Long.toString(e.size()), name}
        : new String[] {e.cid().toString(), name};
  }

  /**
   * A row printed on its own, as Kubo's streaming ls does: it cannot align columns across rows, so
   * each cell is padded to at least 10 characters (tabwriter's minimum width in that mode).
   */
  private static String streamRow(String[] cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(cells[i]);
      if (i < cells.length - 1) {
        sb.append(" ".repeat(Math.max(1, 10 - cells[i].length())));
      }
    }
    return sb.append('\n').toString();
  }

  private static Map<String, Object> object(String path, List<Map<String, Object>> links) {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("Hash", path);
    obj.put("Links", links);
    return obj;
  }

  private static Map<String, Object> link(DirEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", e.name());
    m.put("Hash", e.cid().toString());
    m.put("Size", e.size());
    m.put("Type", typeCode(e.kind()));
    m.put("Target", e.symlinkTarget() == null ? "" : e.symlinkTarget());
    return m;
  }

  private Stream<DirEntry> entries(UnixFsExporter exporter, Cid cid) {
    // Blocks of other codecs (a raw leaf, dag-cbor) have no UnixFS links to list, as in Kubo.
    if (!cid.isCodec(io.cairn.storage.Multicodec.DAG_PB)) {
      return Stream.empty();
    }
    // A file lists its chunks (unnamed links), resolved like directory entries, as Kubo does.
    boolean resolve = resolveType || size;
    return stream ? exporter.listInDagOrder(cid, resolve) : exporter.list(cid, resolve);
  }

  /** Kubo's numeric UnixFS types in JSON output (a sharded directory shows as a directory). */
  private static int typeCode(UnixFsNode.Kind kind) {
    return switch (kind) {
      case DIRECTORY, HAMT_DIRECTORY -> 1;
      case FILE, RAW -> 2;
      case SYMLINK -> 4;
      // Kubo leaves the type unset (0) for children it did not resolve or could not classify.
      default -> 0;
    };
  }
}
