package io.cairn.node.cli;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.PinVerifyReport;
import io.cairn.storage.dag.DagWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn pin}: keep DAGs safe from garbage collection, as {@code ipfs pin}. */
@Command(
    name = "pin",
    description = "Pin (and unpin) DAGs to keep them from garbage collection.",
    subcommands = {
      PinCommand.Add.class,
      PinCommand.Rm.class,
      PinCommand.Ls.class,
      PinCommand.Verify.class
    })
final class PinCommand extends GroupCommand {

  @Command(
      name = "add",
      description = "Pin DAGs in the repo (recursively by default; the whole DAG must be present).")
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "PATH",
        arity = "0..*",
        description = "CIDs or /ipfs/ paths to pin (default: one per line on stdin).")
    List<String> paths;

    @Option(
        names = {"-r", "--recursive"},
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Pin the whole DAG (default: true).")
    boolean recursive;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "A name for the pins.")
    String name;

    @Option(names = "--progress", description = "Show progress.")
    boolean progress;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      List<String> pinned = new ArrayList<>();
      for (String path : StdinArguments.orStdin(ctx, paths, "ipfs-path")) {
        Cid cid = Paths.resolve(blocks, path);
        ctx.storage().pins().add(cid, recursive, name);
        pinned.add(cid.toString());
        if (!ctx.json()) {
          ctx.out().println("pinned " + cid + (recursive ? " recursively" : " directly"));
        }
      }
      if (ctx.json()) {
        ctx.out().json(Map.of("Pins", pinned));
      }
    }
  }

  @Command(name = "rm", description = "Unpin DAGs; their blocks can then be garbage collected.")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "PATH",
        arity = "0..*",
        description = "CIDs or /ipfs/ paths to unpin (default: one per line on stdin).")
    List<String> paths;

    @Option(
        names = {"-r", "--recursive"},
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Remove recursive pins (default: true).")
    boolean recursive;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      List<String> unpinned = new ArrayList<>();
      for (String path : StdinArguments.orStdin(ctx, paths, "ipfs-path")) {
        Cid cid = Paths.resolve(blocks, path);
        ctx.storage().pins().remove(cid, recursive);
        unpinned.add(cid.toString());
        if (!ctx.json()) {
          ctx.out().println("unpinned " + cid);
        }
      }
      if (ctx.json()) {
        ctx.out().json(Map.of("Pins", unpinned));
      }
    }
  }

  @Command(name = "ls", description = "List pins: all, or how the given CIDs are pinned.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "PATH",
        arity = "0..*",
        description = "CIDs or /ipfs/ paths to look up.")
    List<String> paths = new ArrayList<>();

    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        description = "direct, indirect, recursive or all (default: all).")
    String type = "all";

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the CIDs.")
    boolean quiet;

    @Option(
        names = {"-s", "--stream"},
        description = "Print pins as they are found (JSON: one object per pin).")
    boolean stream;

    @Option(names = "--names", description = "Print pin names.")
    boolean names;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "TEXT",
        description = "Only pins whose name contains TEXT (implies --names).")
    String nameFilter;

    /** A line of the listing: the type as Kubo prints it ("indirect through <cid>") and name. */
    private record Listed(Cid cid, String type, String name) {}

    @Override
    public void run() {
      PinType[] types = types(type);
      PinStore pins = ctx.storage().pins();
      boolean showNames = names || nameFilter != null;
      Map<String, Object> keys = new LinkedHashMap<>();
      try (Stream<Listed> found = paths.isEmpty() ? all(pins, types) : lookup(pins, types)) {
        found
            .filter(p -> nameFilter == null || p.name().contains(nameFilter))
            .forEach(
                p -> {
                  // Kubo returns names empty unless asked for them.
                  String name = showNames ? p.name() : "";
                  if (ctx.json()) {
                    if (stream) {
                      Map<String, Object> line = new LinkedHashMap<>();
                      line.put("Cid", p.cid().toString());
                      if (!name.isEmpty()) {
                        line.put("Name", name);
                      }
                      line.put("Type", p.type());
                      ctx.out().json(line);
                    } else {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("Type", p.type());
                      m.put("Name", name);
                      keys.put(p.cid().toString(), m);
                    }
                  } else if (quiet) {
                    ctx.out().println(p.cid().toString());
                  } else if (!name.isEmpty()) {
                    // Kubo adds the name only when there is one.
                    ctx.out().println(p.cid() + " " + p.type() + " " + name);
                  } else {
                    ctx.out().println(p.cid() + " " + p.type());
                  }
                });
      }
      if (ctx.json() && !stream) {
        ctx.out().json(Map.of("Keys", keys));
      }
    }

    private static Stream<Listed> all(PinStore pins, PinType[] types) {
      return pins.list(types)
          .map(p -> new Listed(p.cid(), p.type().label(), p.name() == null ? "" : p.name()));
    }

    private Stream<Listed> lookup(PinStore pins, PinType[] types) {
      BlockStore blocks = ctx.storage().blocks();
      List<Listed> out = new ArrayList<>();
      for (String path : paths) {
        Cid cid = Paths.resolve(blocks, path);
        Optional<PinType> t = pins.pinType(cid);
        if (t.isEmpty() || !List.of(types).contains(t.get())) {
          throw new UserException("path '" + path + "' is not pinned");
        }
        String label = t.get().label();
        String name = "";
        if (t.get() == PinType.INDIRECT) {
          label = via(pins, blocks, cid).map(v -> "indirect through " + v).orElse(label);
        } else {
          try (Stream<PinStore.Pin> stored = pins.list(t.get())) {
            name =
                stored
                    .filter(p -> p.cid().equals(cid) && p.name() != null)
                    .map(PinStore.Pin::name)
                    .findFirst()
                    .orElse("");
          }
        }
        out.add(new Listed(cid, label, name));
      }
      return out.stream();
    }

    /** The first recursive pin whose DAG holds {@code cid}, as Kubo names it for indirect pins. */
    private static Optional<Cid> via(PinStore pins, BlockStore blocks, Cid cid) {
      DagWalker walker = new DagWalker(blocks, DagWalker.OnMissing.SKIP);
      Set<Cid> seen = new HashSet<>();
      try (Stream<PinStore.Pin> recursive = pins.list(PinType.RECURSIVE)) {
        for (PinStore.Pin pin : (Iterable<PinStore.Pin>) recursive::iterator) {
          boolean[] found = {false};
          walker.walk(
              pin.cid(),
              seen,
              (c, data) -> {
                found[0] |= c.multihash().equals(cid.multihash());
                return !found[0];
              });
          if (found[0]) {
            return Optional.of(pin.cid());
          }
        }
      }
      return Optional.empty();
    }

    private static PinType[] types(String type) {
      return switch (type.toLowerCase(Locale.ROOT)) {
        case "all" -> PinType.values();
        case "direct" -> new PinType[] {PinType.DIRECT};
        case "indirect" -> new PinType[] {PinType.INDIRECT};
        case "recursive" -> new PinType[] {PinType.RECURSIVE};
        default ->
            throw new UserException(
                "invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
      };
    }
  }

  @Command(
      name = "verify",
      description = "Check that every recursive pin's DAG is whole and uncorrupted.")
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--verbose", description = "Also print pins that are fine.")
    boolean verbose;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the CIDs of broken pins.")
    boolean quiet;

    @Override
    public void run() {
      if (verbose && quiet) {
        throw new UserException(
            "the --verbose and --quiet options can not be used at the same time");
      }
      PinVerifyReport report =
          ctx.storage()
              .pins()
              .verify(
                  e -> {
                    if (ctx.json()) {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("Cid", e.pin().toString());
                      m.put("Ok", e.ok());
                      List<Map<String, String>> bad = new ArrayList<>();
                      e.missing()
                          .forEach(
                              c -> bad.add(Map.of("Cid", c.toString(), "Err", "block not found")));
                      e.corrupt()
                          .forEach(
                              c ->
                                  bad.add(Map.of("Cid", c.toString(), "Err", "block was corrupt")));
                      m.put("BadNodes", bad);
                      ctx.out().json(m);
                    } else if (quiet) {
                      if (!e.ok()) {
                        ctx.out().println(e.pin().toString());
                      }
                    } else if (e.ok()) {
                      if (verbose) {
                        ctx.out().println(e.pin() + " ok");
                      }
                    } else {
                      ctx.out().println(e.pin() + " broken");
                      e.missing().forEach(c -> ctx.out().println("  " + c + ": block not found"));
                      e.corrupt().forEach(c -> ctx.out().println("  " + c + ": block was corrupt"));
                    }
                  });
      if (!report.ok()) {
        throw new UserException(
            report.problems().size() + " of " + report.pinsChecked() + " pins are broken");
      }
    }
  }
}
