package io.cairn.node.cli;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.WriteSession;
import io.cairn.storage.car.CarExport;
import io.cairn.storage.car.CarImport;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.DagResolver;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Links;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.dag.DagWalker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn dag}: IPLD DAGs in any supported codec, and CAR import/export. */
@Command(
    name = "dag",
    description = "Interact with IPLD DAGs: put, get, resolve, CAR export and import, stat.",
    subcommands = {
      DagCommand.Put.class,
      DagCommand.Get.class,
      DagCommand.Resolve.class,
      DagCommand.Export.class,
      DagCommand.Import.class,
      DagCommand.Stat.class
    })
final class DagCommand extends GroupCommand {

  @Command(
      name = "put",
      description =
          "Parse input (dag-json by default) and store it as a DAG node (dag-cbor by default).")
  static final class Put implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..*",
        description = "Objects to put, one per file (default: stdin).")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--store-codec",
        paramLabel = "CODEC",
        description = "Codec to store the node in: dag-cbor (default), dag-json, dag-pb, raw.")
    String storeCodec = "dag-cbor";

    @Option(
        names = "--input-codec",
        paramLabel = "CODEC",
        description = "Codec of the input: dag-json (default), dag-cbor, dag-pb, raw.")
    String inputCodec = "dag-json";

    @Option(names = "--pin", description = "Pin the node recursively.")
    boolean pin;

    @Option(
        names = "--hash",
        paramLabel = "HASH",
        description = "Hash function (default: sha2-256).")
    String hash = "sha2-256";

    @Override
    public void run() {
      Multicodec store = Multicodec.forName(storeCodec);
      Multicodec input = Multicodec.forName(inputCodec);
      HashFunction fn = HashFunction.forName(hash);
      try (WriteSession session = ctx.storage().beginWrite()) {
        for (byte[] data : readInputs(ctx.out().in(), files)) {
          Ipld value = DagCodecs.decode(input.code(), data, Strictness.LENIENT);
          byte[] encoded = DagCodecs.encode(store, value);
          if (encoded.length > BlockStore.MAX_BLOCK_SIZE) {
            throw new UserException(
                "encoded node of " + encoded.length + " bytes is over the 2 MiB block limit");
          }
          Block block = Block.create(1, store.code(), fn, encoded);
          for (Cid link : Links.of(block.cid(), block.data())) {
            if (pin && !session.blocks().has(link)) {
              throw new UserException(
                  "cannot pin " + block.cid() + ": linked block " + link + " is not in the repo");
            }
          }
          session.blocks().put(block);
          session.blocks().sync();
          if (pin) {
            session.pin(block.cid(), true, null);
          }
          if (ctx.json()) {
            ctx.out().json(Map.of("Cid", Map.of("/", block.cid().toString())));
          } else {
            ctx.out().println(block.cid().toString());
          }
        }
      }
    }
  }

  @Command(
      name = "get",
      description = "Print a DAG node (or the node a path names) in a codec (dag-json by default).")
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "REF", description = "<cid>[/path]")
    String ref;

    @Option(
        names = "--output-codec",
        paramLabel = "CODEC",
        description = "Codec to print: dag-json (default), dag-cbor, raw.")
    String outputCodec = "dag-json";

    @Override
    public void run() {
      DagResolver.Resolved r = new DagResolver(ctx.storage().blocks()).resolve(ref);
      Multicodec codec = Multicodec.forName(outputCodec);
      try {
        OutputStream out = ctx.out().stream();
        if (codec == Multicodec.RAW) {
          if (!r.remainder().isEmpty()) {
            throw new UserException(
                "cannot output a path inside a block as raw bytes; use dag-json or dag-cbor");
          }
          out.write(ctx.storage().blocks().require(r.block()));
        } else {
          out.write(DagCodecs.encode(codec, r.node()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(
      name = "resolve",
      description = "Print the block a path ends in and the path left inside it.")
  static final class Resolve implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "REF", description = "<cid>[/path]")
    String ref;

    @Override
    public void run() {
      DagResolver.Resolved r = new DagResolver(ctx.storage().blocks()).resolve(ref);
      if (ctx.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cid", Map.of("/", r.block().toString()));
        m.put("RemPath", r.remainder());
        ctx.out().json(m);
        return;
      }
      // Kubo prints the resolved path without a newline.
      ctx.out()
          .print(r.remainder().isEmpty() ? r.block().toString() : r.block() + "/" + r.remainder());
    }
  }

  @Command(
      name = "export",
      description =
          "Write the DAG under a root to stdout as a CAR v1 (depth-first, each block once).")
  static final class Export implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ROOT", description = "The root CID or an /ipfs/ path.")
    String root;

    @Option(
        names = {"-p", "--progress"},
        negatable = true,
        description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      Cid cid = Paths.resolve(blocks, root);
      try (Progress bar = Progress.bytes(ctx, progress, "exporting", -1)) {
        OutputStream out = bar.counting(ctx.out().stream());
        CarExport.write(blocks, List.of(cid), out);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(
      name = "import",
      description = {
        "Import the blocks of CAR files (v1 or v2) and pin their roots.",
        "Every block is checked against its CID; roots are pinned after all files are read."
      })
  static final class Import implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "CAR files (default: stdin).")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--pin-roots",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Pin the roots named in the CAR headers (default: true).")
    boolean pinRoots;

    @Option(names = "--silent", description = "No output.")
    boolean silent;

    @Option(names = "--stats", description = "Print the number of blocks and bytes imported.")
    boolean stats;

    @Override
    public void run() {
      Set<Cid> roots = new LinkedHashSet<>();
      long blocks = 0;
      long bytes = 0;
      try (WriteSession session = ctx.storage().beginWrite()) {
        List<String> sources =
            files.isEmpty() ? List.of("-") : files.stream().map(Path::toString).toList();
        for (String source : sources) {
          try (InputStream in =
              source.equals("-") ? ctx.out().in() : Files.newInputStream(Path.of(source))) {
            CarImport.Result r =
                CarImport.importInto(session.blocks(), in, CarImport.Listener.NONE);
            roots.addAll(r.roots());
            blocks += r.blocks();
            bytes += r.bytes();
          } catch (IOException e) {
            throw new UserException("cannot read " + source + ": " + ErrorHandler.message(e), e);
          }
        }
        session.blocks().sync();
        int failures = 0;
        if (pinRoots) {
          for (Cid root : roots) {
            String error = null;
            try {
              session.pin(root, true, null);
            } catch (RuntimeException e) {
              error = ErrorHandler.message(e);
              failures++;
            }
            printRoot(root, error);
          }
        }
        if (stats) {
          if (ctx.json()) {
            ctx.out().json(Map.of("Stats", Map.of("BlockCount", blocks, "BlockBytesCount", bytes)));
          } else if (!silent) {
            ctx.out().println("Imported " + blocks + " blocks (" + bytes + " bytes)");
          }
        }
        if (failures > 0) {
          throw new UserException("failed to pin " + failures + " of " + roots.size() + " roots");
        }
      }
    }

    private void printRoot(Cid root, String error) {
      if (ctx.json()) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("Cid", Map.of("/", root.toString()));
        meta.put("PinErrorMsg", error == null ? "" : error);
        ctx.out().json(Map.of("Root", meta));
      } else if (!silent) {
        ctx.out()
            .println(
                "Pinned root\t" + root + "\t" + (error == null ? "success" : "FAILED: " + error));
      }
    }
  }

  @Command(
      name = "stat",
      description = "Print the size and number of blocks of DAGs (each block counted once).")
  static final class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ROOT", arity = "1..*", description = "Root CIDs or /ipfs/ paths.")
    List<String> roots;

    @Option(
        names = {"-p", "--progress"},
        negatable = true,
        description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      DagWalker walker = new DagWalker(blocks, DagWalker.OnMissing.FAIL);
      Set<Cid> unique = new HashSet<>();
      long totalSize = 0;
      long redundant = 0;
      List<Map<String, Object>> perDag = new ArrayList<>();
      try (Progress bar = Progress.count(ctx, progress, "blocks")) {
        for (String root : roots) {
          Cid cid = Paths.resolve(blocks, root);
          long[] sizeAndCount = new long[2];
          long[] newBytes = new long[1];
          walker.walk(
              cid,
              new HashSet<>(),
              (c, data) -> {
                sizeAndCount[0] += data.length;
                sizeAndCount[1]++;
                if (unique.add(c)) {
                  newBytes[0] += data.length;
                }
                bar.add(1);
                return true;
              });
          totalSize += newBytes[0];
          redundant += sizeAndCount[0];
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Cid", cid.toString());
          putNonZero(m, "Size", sizeAndCount[0]);
          putNonZero(m, "NumBlocks", sizeAndCount[1]);
          perDag.add(m);
        }
      }
      float ratio = totalSize == 0 ? 0 : (float) redundant / totalSize;
      long shared = redundant - totalSize;
      if (ctx.json()) {
        // Kubo's DagStatSummary leaves zero values out (omitempty).
        Map<String, Object> m = new LinkedHashMap<>();
        putNonZero(m, "UniqueBlocks", unique.size());
        putNonZero(m, "TotalSize", totalSize);
        putNonZero(m, "SharedSize", shared);
        putNonZero(m, "Ratio", ratio);
        m.put("DagStats", perDag);
        ctx.out().json(m);
        return;
      }
      int width = perDag.get(0).get("Cid").toString().length();
      StringBuilder sb = new StringBuilder("\n");
      sb.append(String.format("%-" + width + "s\t%-15s\tSize%n", "CID", "Blocks"));
      for (Map<String, Object> d : perDag) {
        sb.append(
            String.format(
                "%s\t%-15s\t%s%n",
                d.get("Cid"), d.getOrDefault("NumBlocks", 0), d.getOrDefault("Size", 0)));
      }
      sb.append("\nSummary\n");
      sb.append(String.format("Total Size: %d (%s)%n", totalSize, Humanize.bytes(totalSize)));
      sb.append(String.format("Unique Blocks: %d%n", unique.size()));
      sb.append(String.format("Shared Size: %d (%s)%n", shared, Humanize.bytes(shared)));
      // Kubo ends the summary with three newlines.
      sb.append(String.format("Ratio: %f%n%n%n", ratio));
      ctx.out().print(sb.toString());
    }
  }

  private static void putNonZero(Map<String, Object> m, String key, Number value) {
    if (value.doubleValue() != 0) {
      m.put(key, value);
    }
  }

  /** Whole inputs (files, else stdin), each at most one block. */
  static List<byte[]> readInputs(InputStream stdin, List<Path> files) {
    List<byte[]> out = new ArrayList<>();
    try {
      if (files.isEmpty()) {
        out.add(readLimited(stdin, "stdin"));
      }
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          out.add(readLimited(in, f.toString()));
        }
      }
    } catch (IOException e) {
      throw new UserException(ErrorHandler.message(e), e);
    }
    return out;
  }

  private static byte[] readLimited(InputStream in, String name) throws IOException {
    byte[] data = in.readNBytes(4 * BlockStore.MAX_BLOCK_SIZE + 1);
    if (data.length > 4 * BlockStore.MAX_BLOCK_SIZE) {
      throw new UserException(name + " is too large for one DAG node");
    }
    return data;
  }
}
