package io.cairn.proofs.bundle;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bundle: {@code {"leafCount": N, "pieces": ["bafkzcib..."], "proofs": [{"leaf": "0x..",
 * "proof": ["0x..", ...]}], "seed": "0x..", "setId": N, "version": 1}}, keys sorted, no spaces.
 * {@code proofs} has the shape of {@code IPDPTypes.Proof[]}.
 */
final class BundleJson {
  private static final HexFormat HEX = HexFormat.of();

  private BundleJson() {}

  static String encode(ProofBundle b) {
    Map<String, Ipld> root = new LinkedHashMap<>();
    root.put("version", integer(1));
    root.put("setId", integer(b.setId()));
    root.put("seed", hex(b.seed()));
    root.put("leafCount", integer(b.set().leafCount()));
    root.put("pieces", new Ipld.List(b.pieces().stream().map(p -> str(p.toString())).toList()));
    List<Ipld> proofs = new ArrayList<>();
    for (ProofBundle.Proof p : b.proofs()) {
      List<Ipld> path = new ArrayList<>();
      for (byte[] node : p.path()) {
        path.add(hex(node));
      }
      proofs.add(new Ipld.Map(Map.of("leaf", hex(p.leaf()), "proof", new Ipld.List(path))));
    }
    root.put("proofs", new Ipld.List(proofs));
    return DagJson.encodeToString(new Ipld.Map(root));
  }

  static ProofBundle decode(byte[] bytes) {
    Ipld value;
    try {
      value = DagJson.decode(bytes, Strictness.LENIENT);
    } catch (IllegalArgumentException e) {
      throw bad("it is not valid JSON: " + e.getMessage());
    }
    Ipld.Map root = map(value, "the bundle");
    long version = longField(root, "version");
    if (version != 1) {
      throw bad("format version " + version + " is not known (this node reads 1)");
    }
    long setId = longField(root, "setId");
    byte[] seed = bytes32(field(root, "seed"), "seed");
    List<PieceCid> pieces = new ArrayList<>();
    List<Ipld> pieceList = list(field(root, "pieces"), "pieces");
    for (int i = 0; i < pieceList.size(); i++) {
      try {
        pieces.add(PieceCid.parse(string(pieceList.get(i), "pieces[" + i + "]")));
      } catch (IllegalArgumentException e) {
        throw bad("pieces[" + i + "]: " + e.getMessage());
      }
    }
    List<ProofBundle.Proof> proofs = new ArrayList<>();
    List<Ipld> proofList = list(field(root, "proofs"), "proofs");
    for (int i = 0; i < proofList.size(); i++) {
      String where = "proofs[" + i + "]";
      Ipld.Map p = map(proofList.get(i), where);
      byte[] leaf = bytes32(field(p, "leaf"), where + ".leaf");
      List<Ipld> path = list(field(p, "proof"), where + ".proof");
      byte[][] nodes = new byte[path.size()][];
      for (int k = 0; k < nodes.length; k++) {
        nodes[k] = bytes32(path.get(k), where + ".proof[" + k + "]");
      }
      proofs.add(new ProofBundle.Proof(leaf, nodes));
    }
    ProofBundle bundle;
    try {
      bundle = new ProofBundle(setId, seed, pieces, proofs);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    long leafCount = longField(root, "leafCount");
    if (leafCount != bundle.set().leafCount()) {
      throw bad(
          "leafCount "
              + leafCount
              + " is not the "
              + bundle.set().leafCount()
              + " data leaves of its pieces");
    }
    return bundle;
  }

  private static Ipld integer(long v) {
    return new Ipld.Int(BigInteger.valueOf(v));
  }

  private static Ipld str(String s) {
    return new Ipld.Str(s);
  }

  private static Ipld hex(byte[] b) {
    return str("0x" + HEX.formatHex(b));
  }

  private static Ipld field(Ipld.Map map, String key) {
    return map.field(key).orElseThrow(() -> bad("field '" + key + "' is missing"));
  }

  private static Ipld.Map map(Ipld v, String what) {
    if (v instanceof Ipld.Map m) {
      return m;
    }
    throw bad(what + " must be an object, not a " + v.kind().label());
  }

  private static List<Ipld> list(Ipld v, String what) {
    if (v instanceof Ipld.List l) {
      return l.values();
    }
    throw bad(what + " must be a list, not a " + v.kind().label());
  }

  private static String string(Ipld v, String what) {
    if (v instanceof Ipld.Str s) {
      return s.value();
    }
    throw bad(what + " must be a string, not a " + v.kind().label());
  }

  private static long longField(Ipld.Map map, String key) {
    Ipld v = field(map, key);
    if (v instanceof Ipld.Int i && i.fitsLong() && i.longValue() >= 0) {
      return i.longValue();
    }
    throw bad(key + " must be a non-negative integer below 2^63");
  }

  private static byte[] bytes32(Ipld v, String what) {
    String s = string(v, what);
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (h.length() != 64) {
      throw bad(what + " must be 32 bytes as 64 hex digits, not '" + s + "'");
    }
    try {
      return HEX.parseHex(h);
    } catch (IllegalArgumentException e) {
      throw bad(what + " is not hex: '" + s + "'");
    }
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("proof bundle JSON: " + why);
  }
}
