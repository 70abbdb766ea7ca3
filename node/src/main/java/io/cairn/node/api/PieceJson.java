package io.cairn.node.api;

import io.cairn.proofs.PieceCid;
import java.util.LinkedHashMap;
import java.util.Map;

/** A piece as the {@code piece/*} endpoints answer it and {@code cairn piece} prints it as JSON. */
public final class PieceJson {
  private PieceJson() {}

  /**
   * {@code PieceCIDv2}, {@code PieceCIDv1}, {@code PaddedSize}, {@code PayloadSize}, {@code Height}
   * and {@code Padding}, in that order, for Jackson to write.
   */
  public static Map<String, Object> of(PieceCid piece) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("PieceCIDv2", piece.toString());
    m.put("PieceCIDv1", piece.v1().toString());
    m.put("PaddedSize", piece.paddedSize());
    m.put("PayloadSize", piece.payloadSize());
    m.put("Height", piece.height());
    m.put("Padding", piece.padding());
    return m;
  }
}
