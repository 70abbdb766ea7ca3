package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.dag.DagWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code pin/ls}: all pins of some types, or how the given paths are pinned; as Kubo emits them:
 * one {@code {Keys: {cid: {Type, Name}}}}, or with {@code stream} one {@code {Cid, Name, Type}} per
 * pin (an empty Name left out). Names are empty unless asked for ({@code names}, or a {@code name}
 * filter). An indirect pin of a given path is typed {@code indirect through <root>}.
 */
final class PinLsRpc implements ApiCommand {
  /** A pin as listed: the type as Kubo prints it, and the name. */
  private record Listed(Cid cid, String type, String name) {}

  @Override
  public String path() {
    return "pin/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    PinType[] types = types(req.option("type", "t").orElse("all"));
    boolean stream = req.flag(false, "stream", "s");
    String nameFilter = req.option("name", "n").orElse(null);
    boolean names = req.flag(false, "names") || nameFilter != null;
    CidEncoder cids = CidEncoder.of(req);
    PinStore pins = node.storage().pins();
    Map<String, Object> keys = new LinkedHashMap<>();
    try (Stream<Listed> found =
        req.arguments().isEmpty()
            ? all(pins, types)
            : lookup(
                pins,
                node.storage().blocks(),
                req.arguments().stream().map(a -> Paths.names(node, req, a)).toList(),
                types,
                cids)) {
      found
          .filter(p -> nameFilter == null || p.name().contains(nameFilter))
          .forEach(
              p -> {
                String name = names ? p.name() : "";
                if (stream) {
                  Map<String, Object> line = new LinkedHashMap<>();
                  line.put("Cid", cids.encode(p.cid()));
                  if (!name.isEmpty()) {
                    line.put("Name", name);
                  }
                  line.put("Type", p.type());
                  res.emit(line);
                } else {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("Type", p.type());
                  m.put("Name", name);
                  keys.put(cids.encode(p.cid()), m);
                }
              });
    }
    if (!stream) {
      res.emitOnce(Map.of("Keys", keys));
    }
  }

  private static Stream<Listed> all(PinStore pins, PinType[] types) {
    return pins.list(types)
        .map(p -> new Listed(p.cid(), p.type().label(), p.name() == null ? "" : p.name()));
  }

  /**
   * How each path is pinned, as boxo's {@code CheckIfPinnedWithType}: with all types the first
   * match in the order recursive, direct, indirect; with one type only that type is checked, so a
   * block pinned directly and also under a recursive pin is indirect too, while a recursive pin's
   * root never is.
   */
  private static Stream<Listed> lookup(
      PinStore pins, BlockStore blocks, List<String> paths, PinType[] types, CidEncoder cids) {
    List<Listed> out = new ArrayList<>();
    for (String path : paths) {
      Cid cid = Paths.resolve(blocks, path);
      Optional<PinType> stored = pins.pinType(cid);
      boolean onlyIndirect = types.length == 1 && types[0] == PinType.INDIRECT;
      // With one type only that type counts: a recursive pin's root is never indirect, while a
      // direct pin can also be indirect.
      Optional<Cid> through =
          (onlyIndirect && !stored.equals(Optional.of(PinType.RECURSIVE)))
                  || stored.equals(Optional.of(PinType.INDIRECT))
              ? via(pins, blocks, cid::equals)
              : Optional.empty();
      Optional<PinType> t =
          onlyIndirect
              ? through.map(v -> PinType.INDIRECT)
              : stored.filter(s -> List.of(types).contains(s));
      if (t.isEmpty()) {
        throw new IllegalArgumentException("path '" + path + "' is not pinned");
      }
      String label = t.get().label();
      String name = "";
      if (t.get() == PinType.INDIRECT) {
        label = through.map(v -> "indirect through " + cids.encode(v)).orElse(label);
      } else {
        try (Stream<PinStore.Pin> listed = pins.list(t.get())) {
          name =
              listed
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

  /**
   * The first recursive pin whose DAG holds a CID that {@code match} accepts, as Kubo names it for
   * indirect pins.
   */
  static Optional<Cid> via(PinStore pins, BlockStore blocks, Predicate<Cid> match) {
    DagWalker walker = new DagWalker(blocks, DagWalker.OnMissing.SKIP);
    Set<Cid> seen = new HashSet<>();
    try (Stream<PinStore.Pin> recursive = pins.list(PinType.RECURSIVE)) {
      for (PinStore.Pin pin : (Iterable<PinStore.Pin>) recursive::iterator) {
        boolean[] found = {false};
        walker.walk(
            pin.cid(),
            seen,
            (c, data) -> {
              found[0] |= match.test(c);
              return !found[0];
            });
        if (found[0]) {
          return Optional.of(pin.cid());
        }
      }
    }
    return Optional.empty();
  }

  private static PinType[] types(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "all" -> PinType.values();
      case "direct" -> new PinType[] {PinType.DIRECT};
      case "indirect" -> new PinType[] {PinType.INDIRECT};
      case "recursive" -> new PinType[] {PinType.RECURSIVE};
      default ->
          throw ApiException.client(
              "invalid type '" + t + "', must be one of {direct, indirect, recursive, all}");
    };
  }
}
