package io.cairn.retrieval.gateway;

import java.util.Map;

/**
 * What a CAR request asks for (trustless gateway spec, IPIP-402 and IPIP-412): the DAG scope, an
 * optional entity byte range, the block order and whether duplicates are sent. URL parameters
 * ({@code dag-scope}, {@code entity-bytes}, {@code car-version}, {@code car-order}, {@code
 * car-dups}) take precedence over the Accept header's media type parameters (IPIP-523).
 */
record CarParams(Scope scope, EntityBytes range, Order order, boolean dups) {

  enum Scope {
    BLOCK,
    ENTITY,
    ALL
  }

  enum Order {
    DFS("dfs"),
    UNK("unk");

    final String value;

    Order(String value) {
      this.value = value;
    }
  }

  /**
   * {@code entity-bytes=from:to}: inclusive offsets, negative ones counting from the end of the
   * entity; {@code to} null for {@code *} (the end).
   */
  record EntityBytes(long from, Long to) {
    /**
     * The inclusive range of an entity of {@code size} bytes, or null when it is empty (from after
     * to once negative offsets are resolved).
     */
    long[] resolve(long size) {
      long first = from < 0 ? Math.max(0, size + from) : from;
      long last = to == null ? size - 1 : to < 0 ? size + to : Math.min(to, size - 1);
      if (first > last || first >= size) {
        return null;
      }
      return new long[] {first, last};
    }

    static EntityBytes parse(String s) {
      int colon = s.indexOf(':');
      if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
        throw GatewayException.badRequest(
            "invalid entity-bytes \"" + s + "\": range must have two numbers separated with ':'");
      }
      long from = number(s.substring(0, colon), s);
      String toText = s.substring(colon + 1);
      if (toText.equals("*")) {
        return new EntityBytes(from, null);
      }
      long to = number(toText, s);
      if ((from >= 0 && to >= 0 && from > to) || (from < 0 && to < 0 && from > to)) {
        throw GatewayException.badRequest(
            "invalid entity-bytes \"" + s + "\": 'from' is after 'to'");
      }
      return new EntityBytes(from, to);
    }

    private static long number(String n, String whole) {
      try {
        return Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw GatewayException.badRequest(
            "invalid entity-bytes \"" + whole + "\": \"" + n + "\" is not an integer or '*'");
      }
    }
  }

  /** The parameters of a request; {@code accept} holds the Accept entry's media type parameters. */
  static CarParams of(GatewayRequest req, Map<String, String> accept) {
    String scopeText = req.param("dag-scope");
    Scope scope = Scope.ALL;
    if (scopeText != null) {
      scope =
          switch (scopeText) {
            case "block" -> Scope.BLOCK;
            case "entity" -> Scope.ENTITY;
            case "all" -> Scope.ALL;
            default ->
                throw GatewayException.badRequest(
                    "unsupported dag-scope \"" + scopeText + "\": use block, entity or all");
          };
    }
    String rangeText = req.param("entity-bytes");
    EntityBytes range = rangeText == null ? null : EntityBytes.parse(rangeText);
    if (range != null) {
      // entity-bytes implies dag-scope=entity.
      scope = Scope.ENTITY;
    }
    String version = first(req.param("car-version"), accept.get("version"));
    String orderText = first(req.param("car-order"), accept.get("order"));
    String dupsText = first(req.param("car-dups"), accept.get("dups"));
    String unsupported = unsupported(version, orderText, dupsText);
    if (unsupported != null) {
      throw GatewayException.badRequest(unsupported);
    }
    Order order = "unk".equals(orderText) ? Order.UNK : Order.DFS;
    boolean dups = "y".equals(dupsText);
    return new CarParams(scope, range, order, dups);
  }

  /**
   * Why the CAR parameters of an Accept entry cannot be served, or null when they can: the entry is
   * then skipped in favour of the next one (IPIP-412).
   */
  static String unsupported(Map<String, String> accept) {
    return unsupported(accept.get("version"), accept.get("order"), accept.get("dups"));
  }

  private static String unsupported(String version, String order, String dups) {
    if (version != null && !version.isEmpty() && !version.equals("1")) {
      return "unsupported application/vnd.ipld.car version \"" + version + "\": only version=1 is";
    }
    if (order != null && !order.isEmpty() && !order.equals("dfs") && !order.equals("unk")) {
      return "unsupported application/vnd.ipld.car block order \"" + order + "\": use dfs or unk";
    }
    if (dups != null && !dups.isEmpty() && !dups.equals("y") && !dups.equals("n")) {
      return "unsupported application/vnd.ipld.car dups \"" + dups + "\": use y or n";
    }
    return null;
  }

  private static String first(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }

  /** {@code application/vnd.ipld.car; version=1; order=…; dups=…}. */
  String contentType() {
    return "application/vnd.ipld.car; version=1; order="
        + order.value
        + "; dups="
        + (dups ? "y" : "n");
  }

  /** A digest of everything that changes the CAR's bytes, for its entity tag. */
  String digest(String path) {
    StringBuilder b = new StringBuilder(path);
    if (scope != Scope.ALL) {
      b.append("\0scope=").append(scope);
    }
    if (order != Order.DFS) {
      b.append("\0order=").append(order.value);
    }
    if (dups) {
      b.append("\0dups=y");
    }
    if (range != null) {
      b.append("\0range=").append(range.from()).append(':').append(range.to());
    }
    return ETags.hash(b.toString());
  }
}
