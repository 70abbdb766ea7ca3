package io.cairn.retrieval.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response formats of the path and trustless gateway specs, chosen by the {@code format} query
 * parameter or the {@code Accept} header (the parameter wins, IPIP-523).
 */
enum ResponseFormat {
  /** Deserialized: files, directories, documents in their codec's type. */
  DEFAULT("", ""),
  RAW("raw", "application/vnd.ipld.raw"),
  CAR("car", "application/vnd.ipld.car"),
  TAR("tar", "application/x-tar"),
  JSON("json", "application/json"),
  CBOR("cbor", "application/cbor"),
  DAG_JSON("dag-json", "application/vnd.ipld.dag-json"),
  DAG_CBOR("dag-cbor", "application/vnd.ipld.dag-cbor"),
  IPNS_RECORD("ipns-record", "application/vnd.ipfs.ipns-record");

  private final String param;
  private final String mediaType;

  ResponseFormat(String param, String mediaType) {
    this.param = param;
    this.mediaType = mediaType;
  }

  /** The {@code ?format=} value. */
  String param() {
    return param;
  }

  String mediaType() {
    return mediaType;
  }

  /**
   * The negotiated format.
   *
   * @param format the format
   * @param acceptParams the media type parameters of the Accept entry that chose it (CAR's version,
   *     order, dups), empty when the query parameter chose it alone
   * @param fromAccept whether only the Accept header asked for it (the response then carries a
   *     Content-Location naming the format)
   */
  record Negotiated(ResponseFormat format, Map<String, String> acceptParams, boolean fromAccept) {}

  /**
   * Chooses the format. Generic Accept entries ({@code text/html}, {@code *}/{@code *}) are left to
   * the default response; the first IPLD or IPFS vendor type, tar, JSON or CBOR entry decides.
   *
   * @throws GatewayException 406 for a vendor media type this gateway does not produce, 400 for an
   *     unknown {@code format} value
   */
  static Negotiated negotiate(String formatParam, List<String> acceptHeaders) {
    ResponseFormat byParam = null;
    if (formatParam != null && !formatParam.isEmpty()) {
      byParam = forParam(formatParam);
      if (byParam == null) {
        throw GatewayException.badRequest(
            "unsupported format \""
                + formatParam
                + "\": use raw, car, tar, json, cbor, dag-json, dag-cbor or ipns-record");
      }
    }
    ResponseFormat byAccept = null;
    Map<String, String> params = Map.of();
    outer:
    for (String header : acceptHeaders) {
      for (String entry : header.split(",")) {
        String e = entry.strip();
        int semi = e.indexOf(';');
        String type = (semi < 0 ? e : e.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        if (!isSpecific(type)) {
          continue;
        }
        byAccept = forMediaType(type);
        if (byAccept == null) {
          throw GatewayException.notAcceptable(
              "cannot produce "
                  + type
                  + ": this gateway serves application/vnd.ipld.raw, application/vnd.ipld.car,"
                  + " application/x-tar, application/json, application/cbor,"
                  + " application/vnd.ipld.dag-json and application/vnd.ipld.dag-cbor");
        }
        params = semi < 0 ? Map.of() : parseParams(e.substring(semi + 1));
        break outer;
      }
    }
    if (byParam != null) {
      return new Negotiated(byParam, byAccept == byParam ? params : Map.of(), false);
    }
    if (byAccept != null) {
      return new Negotiated(byAccept, params, true);
    }
    return new Negotiated(DEFAULT, Map.of(), false);
  }

  private static boolean isSpecific(String type) {
    return type.startsWith("application/vnd.ipld.")
        || type.startsWith("application/vnd.ipfs.")
        || type.equals("application/x-tar")
        || type.equals("application/json")
        || type.equals("application/cbor");
  }

  static ResponseFormat forParam(String p) {
    for (ResponseFormat f : values()) {
      if (f != DEFAULT && f.param.equals(p)) {
        return f;
      }
    }
    return null;
  }

  static ResponseFormat forMediaType(String type) {
    for (ResponseFormat f : values()) {
      if (f != DEFAULT && f.mediaType.equals(type)) {
        return f;
      }
    }
    return null;
  }

  private static Map<String, String> parseParams(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : s.split(";")) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = p.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(name, value);
    }
    return Collections.unmodifiableMap(out);
  }
}
