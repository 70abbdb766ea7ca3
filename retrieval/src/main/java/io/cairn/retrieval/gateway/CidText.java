package io.cairn.retrieval.gateway;

import io.cairn.storage.Cid;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CIDs to text and back, remembered: base58 (CIDv0) is quadratic to encode and decode, and every
 * response names its CIDs in headers, so the same few CIDs would be converted on every request.
 * Each map is emptied when it grows past its bound, which keeps it small without bookkeeping.
 */
final class CidText {
  private static final int MAX = 16_384;
  private static final ConcurrentHashMap<Cid, String> TEXT = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Cid> PARSED = new ConcurrentHashMap<>();

  private CidText() {}

  /** {@link Cid#toString()}. */
  static String of(Cid cid) {
    String s = TEXT.get(cid);
    if (s == null) {
      s = cid.toString();
      if (TEXT.size() >= MAX) {
        TEXT.clear();
      }
      TEXT.put(cid, s);
    }
    return s;
  }

  /** {@link Cid#parse}, whose exceptions it passes on. */
  static Cid parse(String text) {
    Cid c = PARSED.get(text);
    if (c == null) {
      c = Cid.parse(text);
      if (PARSED.size() >= MAX) {
        PARSED.clear();
      }
      PARSED.put(text, c);
    }
    return c;
  }
}
