package io.cairn.retrieval.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
   * The formats a request accepts, most preferred first, as RFC 9110 §12.5.1 reads {@code Accept}:
   * entries ordered by their {@code q} value (ties keep the client's order), {@code q=0} entries
   * left out, IPLD and IPFS vendor types this gateway does not produce skipped, and CAR entries
   * whose {@code version}, {@code order} or {@code dups} it does not support skipped (IPIP-412).
   * Any other type ({@code text/html}, {@code image/*}, {@code *}/{@code *}) accepts the default
   * response. A {@code format} query parameter decides alone (IPIP-523); the Accept header then
   * only lends a CAR entry's parameters. The gateway serves the first choice the content can be
   * served as.
   *
   * @throws GatewayException 400 for an unknown {@code format} value, or when only CAR entries with
   *     unsupported parameters were acceptable; 406 when nothing in {@code Accept} is
   */
  static List<Negotiated> negotiate(String formatParam, List<String> acceptHeaders) {
    List<Entry> entries = entries(acceptHeaders);
    if (formatParam != null && !formatParam.isEmpty()) {
      ResponseFormat byParam = forParam(formatParam);
      if (byParam == null) {
        throw GatewayException.badRequest(
            "unsupported format \""
                + formatParam
                + "\": use raw, car, tar, json, cbor, dag-json, dag-cbor or ipns-record");
      }
      Map<String, String> params = Map.of();
      for (Entry e : entries) {
        if (e.format() == byParam
            && (byParam != CAR || CarParams.unsupported(e.params()) == null)) {
          params = e.params();
          break;
        }
      }
      return List.of(new Negotiated(byParam, byParam == CAR ? params : Map.of(), false));
    }
    if (acceptHeaders.stream().allMatch(String::isBlank)) {
      return List.of(new Negotiated(DEFAULT, Map.of(), false));
    }
    List<Negotiated> choices = new ArrayList<>();
    String carError = null;
    for (Entry e : entries) {
      if (e.format() == CAR) {
        String unsupported = CarParams.unsupported(e.params());
        if (unsupported != null) {
          carError = carError == null ? unsupported : carError;
          continue;
        }
      }
      Negotiated n =
          new Negotiated(
              e.format(), e.format() == CAR ? e.params() : Map.of(), e.format() != DEFAULT);
      if (e.format() != null && !choices.contains(n)) {
        choices.add(n);
      }
    }
    if (choices.isEmpty()) {
      if (carError != null) {
        throw GatewayException.badRequest(carError);
      }
      throw GatewayException.notAcceptable(
          "cannot produce any type in Accept: \""
              + String.join(", ", acceptHeaders)
              + "\": this gateway serves application/vnd.ipld.raw, application/vnd.ipld.car,"
              + " application/x-tar, application/json, application/cbor,"
              + " application/vnd.ipld.dag-json, application/vnd.ipld.dag-cbor and the"
              + " deserialized content (text/html, */*)");
    }
    return choices;
  }

  /**
   * One Accept entry: the format it asks for ({@link #DEFAULT} for generic types, null for a vendor
   * type this gateway does not produce), its parameters without {@code q}, and its weight.
   */
  private record Entry(ResponseFormat format, Map<String, String> params, double q) {}

  /** The entries with a weight above zero, by descending weight (a stable sort). */
  private static List<Entry> entries(List<String> acceptHeaders) {
    List<Entry> out = new ArrayList<>();
    for (String header : acceptHeaders) {
      for (String entry : header.split(",")) {
        String e = entry.strip();
        if (e.isEmpty()) {
          continue;
        }
        int semi = e.indexOf(';');
        String type = (semi < 0 ? e : e.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> params =
            new LinkedHashMap<>(semi < 0 ? Map.of() : parseParams(e.substring(semi + 1)));
        double q = weight(params.remove("q"));
        if (q <= 0) {
          continue;
        }
        ResponseFormat format = isSpecific(type) ? forMediaType(type) : DEFAULT;
        out.add(new Entry(format, Collections.unmodifiableMap(params), q));
      }
    }
    out.sort(Comparator.comparingDouble(Entry::q).reversed());
    return out;
  }

  /** A {@code q} value; a malformed one counts as 1, as if it were absent. */
  private static double weight(String q) {
    if (q == null) {
      return 1;
    }
    try {
      double v = Double.parseDouble(q);
      return Double.isNaN(v) ? 1 : Math.min(1, v);
    } catch (NumberFormatException e) {
      return 1;
    }
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
