package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.Links;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubo's {@code cid/bases}, {@code cid/codecs} ({@code supported}: only those this node decodes)
 * and {@code cid/hashes}: each a list of {@code {Code, Name}} (a base's code is its prefix
 * character), in the order the CLI prints them. Need no repo.
 */
final class CidListRpcs {
  private CidListRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new Bases("cid/bases"), new Codecs(), new Hashes());
  }

  /** At {@code cid/bases}, and at Kubo's {@code multibase/list}. */
  static final class Bases extends PathCommand {
    Bases(String path) {
      super(path);
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      List<Multibase> bases = new ArrayList<>(List.of(Multibase.values()));
      // As Kubo's sorter: by letter, the upper case one first.
      bases.sort(
          Comparator.comparing((Multibase b) -> Character.toLowerCase(b.prefix()))
              .thenComparing(b -> -b.prefix()));
      res.emitOnce(bases.stream().map(b -> codeAndName(b.prefix(), b.baseName())).toList());
    }
  }

  static final class Codecs implements ApiCommand {
    @Override
    public String path() {
      return "cid/codecs";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      boolean supported = req.flag(false, "supported", "s");
      List<Multicodec> codecs = new ArrayList<>(List.of(Multicodec.values()));
      codecs.removeIf(c -> supported && !Links.supports(c.code()) && c != Multicodec.LIBP2P_KEY);
      codecs.sort(Comparator.comparingLong(Multicodec::code));
      res.emitOnce(codecs.stream().map(c -> codeAndName(c.code(), c.codecName())).toList());
    }
  }

  static final class Hashes implements ApiCommand {
    @Override
    public String path() {
      return "cid/hashes";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      List<HashFunction> hashes = new ArrayList<>(List.of(HashFunction.values()));
      hashes.sort(Comparator.comparingLong(HashFunction::code));
      res.emitOnce(hashes.stream().map(h -> codeAndName(h.code(), h.hashName())).toList());
    }
  }

  private static Map<String, Object> codeAndName(long code, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Code", code);
    m.put("Name", name);
    return m;
  }
}
