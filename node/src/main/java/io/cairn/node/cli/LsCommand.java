package io.cairn.node.cli;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
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

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "CIDs or /ipfs/ paths.")
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
    BlockStore blocks = ctx.storage().blocks();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    boolean multiple = paths.size() > 1;
    for (int i = 0; i < paths.size(); i++) {
      Cid cid = Paths.resolve(blocks, paths.get(i));
      List<String[]> rows = new ArrayList<>();
      List<Map<String, Object>> links = new ArrayList<>();
      try (Stream<DirEntry> entries = entries(exporter, blocks, cid)) {
        entries.forEach(
            e -> {
              boolean dir = e.kind().isDirectory();
              String sz = dir ? "-" : Long.toString(e.size());
              String name = e.name() + (dir ? "/" : "");
              rows.add(
                  size
                      ? new String[] {e.cid().toString(), sz, name}
                      : new String[] {e.cid().toString(), name});
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("Name", e.name());
              m.put("Hash", e.cid().toString());
              m.put("Size", e.size());
              m.put("Type", typeCode(e.kind()));
              m.put("Target", e.symlinkTarget() == null ? "" : e.symlinkTarget());
              links.add(m);
            });
      }
      if (ctx.json()) {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("Hash", paths.get(i));
        obj.put("Links", links);
        ctx.out().json(Map.of("Objects", List.of(obj)));
        continue;
      }
      TabWriter t = new TabWriter();
      if (multiple) {
        if (i > 0) {
          ctx.out().println("");
        }
        ctx.out().println(paths.get(i) + ":");
      }
      if (headers) {
        t.row(size ? new String[] {"Hash", "Size", "Name"} : new String[] {"Hash", "Name"});
      }
      rows.forEach(t::row);
      ctx.out().print(t.render());
    }
  }

  private Stream<DirEntry> entries(UnixFsExporter exporter, BlockStore blocks, Cid cid) {
    UnixFsNode node = exporter.stat(cid);
    if (node.kind().isDirectory()) {
      return stream
          ? exporter.listInDagOrder(cid, resolveType || size)
          : exporter.list(cid, resolveType || size);
    }
    // A file lists its chunk links (unnamed), as Kubo does.
    if (!cid.isCodec(io.cairn.storage.Multicodec.DAG_PB)) {
      return Stream.empty();
    }
    List<PbLink> pbLinks = DagPb.decode(blocks.require(cid)).links();
    return pbLinks.stream()
        .map(
            l ->
                new DirEntry(
                    l.nameOrEmpty(),
                    l.cid(),
                    UnixFsNode.Kind.FILE,
                    l.tsizeOrZero(),
                    l.tsizeOrZero(),
                    null,
                    null,
                    null));
  }

  /** Kubo's numeric UnixFS types in JSON output (a sharded directory shows as a directory). */
  private static int typeCode(UnixFsNode.Kind kind) {
    return switch (kind) {
      case DIRECTORY, HAMT_DIRECTORY -> 1;
      case FILE, RAW -> 2;
      case SYMLINK -> 4;
      default -> -1;
    };
  }
}
