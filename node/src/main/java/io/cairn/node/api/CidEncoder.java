package io.cairn.node.api;

import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.util.Optional;

/**
 * How commands write CIDs, as Kubo's CID encoder does under its global {@code --cid-base} and
 * {@code --upgrade-cidv0-in-output}: CIDv1 in {@code base}; a CIDv0 as it is (it has only
 * base58btc) unless {@code upgrade} makes it v1 first.
 *
 * <p>Without options a CIDv0 stays v0 and a CIDv1 is base32. A base other than base58btc turns the
 * upgrade on, since a CIDv0 could not be written in it; {@code --upgrade-cidv0-in-output} (kept by
 * Kubo for older scripts) overrides that either way.
 */
public record CidEncoder(Multibase base, boolean upgrade) {
  /** The option that names the base. */
  public static final String BASE = "cid-base";

  /** The option that turns the CIDv0 upgrade on or off whatever the base. */
  public static final String UPGRADE = "upgrade-cidv0-in-output";

  /** Each CID as it is: CIDv0 in base58btc, CIDv1 in base32. */
  public static final CidEncoder DEFAULT = new CidEncoder(Multibase.BASE32, false);

  /**
   * The encoder for a base name (empty or null: none given) and an upgrade flag (null: not given).
   *
   * @throws IllegalArgumentException naming {@code --cid-base} for a base that does not exist
   */
  public static CidEncoder of(String baseName, Boolean upgrade) {
    CidEncoder e = DEFAULT;
    if (baseName != null && !baseName.isEmpty()) {
      Multibase base;
      try {
        base = Multibase.forName(baseName);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("invalid --" + BASE + ": " + ex.getMessage(), ex);
      }
      e = new CidEncoder(base, base != Multibase.BASE58_BTC);
    }
    return upgrade == null ? e : new CidEncoder(e.base, upgrade);
  }

  /**
   * The encoder a request's options ask for.
   *
   * @throws ApiException (400) for a base that does not exist
   */
  public static CidEncoder of(ApiRequest req) {
    return forPath(req, null);
  }

  /**
   * For commands that answer with a CID found from a path ({@code resolve}, {@code dag resolve}):
   * the encoder the request names, else the one the path's own CID suggests.
   *
   * @throws ApiException (400) for a base that does not exist
   */
  public static CidEncoder forPath(ApiRequest req, String path) {
    try {
      return forPath(req.option(BASE).orElse(null), req.optionalFlag(UPGRADE).orElse(null), path);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }

  /**
   * The encoder for a base name and upgrade flag (null: not given) when a base is given (Kubo's
   * {@code CidBaseDefined}), else the one {@code path}'s own CID suggests (Kubo's {@code
   * CidEncoderFromPath}), else the flag's alone; {@code path} null for a command without one.
   *
   * @throws IllegalArgumentException naming {@code --cid-base} for a base that does not exist
   */
  public static CidEncoder forPath(String baseName, Boolean upgrade, String path) {
    if (path == null || (baseName != null && !baseName.isEmpty())) {
      return of(baseName, upgrade);
    }
    return fromPath(path).orElseGet(() -> of(null, upgrade));
  }

  /**
   * The encoder a path's head CID suggests: a CIDv1 gives its own base (and CIDv0 upgraded to it),
   * a CIDv0 the default; empty when the path ({@code <cid>/...} or {@code /<namespace>/<cid>/...})
   * has no CID where one would be.
   */
  public static Optional<CidEncoder> fromPath(String path) {
    String[] parts = path.split("/", 4);
    String head;
    if (!parts[0].isEmpty()) {
      head = parts[0];
    } else if (parts.length < 3) {
      return Optional.empty();
    } else {
      head = parts[2];
    }
    Cid cid;
    try {
      cid = Cid.parse(head);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (cid.version() == 0) {
      return Optional.of(DEFAULT);
    }
    return Multibase.forPrefix(head.charAt(0)).map(b -> new CidEncoder(b, true));
  }

  /** The CID's text under this encoder. */
  public String encode(Cid cid) {
    Cid c = upgrade ? cid.toV1() : cid;
    return c.version() == 0 ? c.toString() : c.toString(base);
  }

  /** The text of a CID given as text (from an answer), re-encoded. */
  public String recode(String cid) {
    return this.equals(DEFAULT) ? cid : encode(Cid.parse(cid));
  }
}
