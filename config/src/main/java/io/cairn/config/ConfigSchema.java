package io.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The keys Cairn knows and the JSON type of each, with Kubo's names and Kubo's leniency: every key
 * may be null (its default applies), {@code Addresses.API} and {@code Addresses.Gateway} take a
 * string or an array of strings. Keys outside the schema are kept in the file untouched and are
 * only reported when they collide with a known key's type.
 */
final class ConfigSchema {
  enum Kind {
    OBJECT("an object"),
    MAP("an object"),
    STRING("a string"),
    STRINGS("a string or an array of strings"),
    STRING_LIST("an array of strings"),
    OBJECT_LIST("an array of objects"),
    INT("an integer"),
    BOOL("true or false"),
    FLAG("true, false or null"),
    PRIORITY("an integer from 1 (lower goes first) or false"),
    SIZE("a size such as \"256KiB\" or a number of bytes");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  /** A key's type; objects list their fields, maps give the type of every value. */
  record Node(Kind kind, Map<String, Node> fields, Node values) {
    static Node of(Kind kind) {
      return new Node(kind, Map.of(), null);
    }

    static Node map(Node values) {
      return new Node(Kind.MAP, Map.of(), values);
    }

    static Node list(Node values) {
      return new Node(Kind.OBJECT_LIST, Map.of(), values);
    }

    @SafeVarargs
    static Node object(Entry<String, Node>... fields) {
      Map<String, Node> m = new LinkedHashMap<>();
      for (Entry<String, Node> f : fields) {
        m.put(f.getKey(), f.getValue());
      }
      return new Node(Kind.OBJECT, m, null);
    }
  }

  private static final Node HEADERS = Node.map(Node.of(Kind.STRING_LIST));

  static final Node ROOT =
      Node.object(
          Map.entry(
              "Identity",
              Node.object(
                  Map.entry("PeerID", Node.of(Kind.STRING)),
                  Map.entry("PrivKey", Node.of(Kind.STRING)))),
          Map.entry(
              "Datastore",
              Node.object(
                  Map.entry("StorageMax", Node.of(Kind.STRING)),
                  Map.entry("StorageGCWatermark", Node.of(Kind.INT)),
                  Map.entry("GCPeriod", Node.of(Kind.STRING)),
                  Map.entry("HashOnRead", Node.of(Kind.BOOL)))),
          Map.entry(
              "Addresses",
              Node.object(
                  Map.entry("Swarm", Node.of(Kind.STRING_LIST)),
                  Map.entry("Announce", Node.of(Kind.STRING_LIST)),
                  Map.entry("AppendAnnounce", Node.of(Kind.STRING_LIST)),
                  Map.entry("NoAnnounce", Node.of(Kind.STRING_LIST)),
                  Map.entry("API", Node.of(Kind.STRINGS)),
                  Map.entry("Gateway", Node.of(Kind.STRINGS)))),
          Map.entry(
              "Gateway",
              Node.object(
                  Map.entry("HTTPHeaders", HEADERS),
                  Map.entry("RootRedirect", Node.of(Kind.STRING)),
                  Map.entry("NoFetch", Node.of(Kind.BOOL)),
                  Map.entry("NoDNSLink", Node.of(Kind.BOOL)),
                  Map.entry("DeserializedResponses", Node.of(Kind.FLAG)),
                  Map.entry(
                      "PublicGateways",
                      Node.map(
                          Node.object(
                              Map.entry("Paths", Node.of(Kind.STRING_LIST)),
                              Map.entry("UseSubdomains", Node.of(Kind.BOOL)),
                              Map.entry("NoDNSLink", Node.of(Kind.BOOL)),
                              Map.entry("InlineDNSLink", Node.of(Kind.FLAG)),
                              Map.entry("DeserializedResponses", Node.of(Kind.FLAG))))))),
          Map.entry(
              "API",
              Node.object(
                  Map.entry("HTTPHeaders", HEADERS),
                  Map.entry(
                      "Authorizations",
                      Node.map(
                          Node.object(
                              Map.entry("AuthSecret", Node.of(Kind.STRING)),
                              Map.entry("AllowedPaths", Node.of(Kind.STRING_LIST))))))),
          Map.entry(
              "Import",
              Node.object(
                  Map.entry("CidVersion", Node.of(Kind.INT)),
                  Map.entry("UnixFSRawLeaves", Node.of(Kind.FLAG)),
                  Map.entry("UnixFSChunker", Node.of(Kind.STRING)),
                  Map.entry("HashFunction", Node.of(Kind.STRING)),
                  Map.entry("UnixFSFileMaxLinks", Node.of(Kind.INT)),
                  Map.entry("UnixFSDirectoryMaxLinks", Node.of(Kind.INT)),
                  Map.entry("UnixFSHAMTDirectoryMaxFanout", Node.of(Kind.INT)),
                  Map.entry("UnixFSHAMTDirectorySizeThreshold", Node.of(Kind.SIZE)),
                  Map.entry("UnixFSHAMTDirectorySizeEstimation", Node.of(Kind.STRING)),
                  Map.entry("UnixFSDAGLayout", Node.of(Kind.STRING)),
                  Map.entry("BatchMaxNodes", Node.of(Kind.INT)),
                  Map.entry("BatchMaxSize", Node.of(Kind.INT)))),
          Map.entry(
              "Chain",
              Node.object(
                  Map.entry("Mode", Node.of(Kind.STRING)),
                  Map.entry("RpcUrl", Node.of(Kind.STRING)),
                  Map.entry("MaxFee", Node.of(Kind.STRING)),
                  Map.entry("Contracts", Node.map(Node.of(Kind.STRING))))),
          Map.entry("Bootstrap", Node.of(Kind.STRING_LIST)),
          Map.entry(
              "Peering",
              Node.object(
                  Map.entry(
                      "Peers",
                      Node.list(
                          Node.object(
                              Map.entry("ID", Node.of(Kind.STRING)),
                              Map.entry("Addrs", Node.of(Kind.STRING_LIST))))))),
          Map.entry(
              "Routing",
              Node.object(
                  Map.entry("Type", Node.of(Kind.STRING)),
                  Map.entry("LoopbackAddressesOnLanDHT", Node.of(Kind.FLAG)))),
          Map.entry(
              "Discovery",
              Node.object(
                  Map.entry("MDNS", Node.object(Map.entry("Enabled", Node.of(Kind.BOOL)))))),
          Map.entry("Provide", Node.object(Map.entry("Strategy", Node.of(Kind.STRING)))),
          Map.entry("Reprovider", Node.object(Map.entry("Strategy", Node.of(Kind.STRING)))),
          Map.entry(
              "Swarm",
              Node.object(
                  Map.entry("AddrFilters", Node.of(Kind.STRING_LIST)),
                  Map.entry("ConnMgr", Node.object(Map.entry("HighWater", Node.of(Kind.INT)))),
                  Map.entry(
                      "Transports",
                      Node.object(
                          Map.entry(
                              "Security",
                              Node.object(
                                  Map.entry("TLS", Node.of(Kind.PRIORITY)),
                                  Map.entry("Noise", Node.of(Kind.PRIORITY)))))))),
          Map.entry(
              "PinningService",
              Node.object(
                  Map.entry("Tokens", Node.map(Node.of(Kind.STRING))),
                  Map.entry("PinTimeout", Node.of(Kind.STRING)))),
          Map.entry(
              "Pinning",
              Node.object(
                  Map.entry(
                      "RemoteServices",
                      Node.map(
                          Node.object(
                              Map.entry(
                                  "API",
                                  Node.object(
                                      Map.entry("Endpoint", Node.of(Kind.STRING)),
                                      Map.entry("Key", Node.of(Kind.STRING)))),
                              Map.entry(
                                  "Policies",
                                  Node.object(
                                      Map.entry(
                                          "MFS",
                                          Node.object(
                                              Map.entry("Enable", Node.of(Kind.BOOL)),
                                              Map.entry("PinName", Node.of(Kind.STRING)),
                                              Map.entry(
                                                  "RepinInterval", Node.of(Kind.STRING))))))))))),
          Map.entry("Compute", Node.object(Map.entry("Concurrency", Node.of(Kind.INT)))),
          Map.entry("Ipns", Node.object(Map.entry("UsePubsub", Node.of(Kind.FLAG)))),
          Map.entry(
              "Experimental",
              Node.object(
                  Map.entry("Libp2pStreamMounting", Node.of(Kind.BOOL)),
                  Map.entry("FilestoreEnabled", Node.of(Kind.BOOL)),
                  Map.entry("UrlstoreEnabled", Node.of(Kind.BOOL)))),
          Map.entry(
              "Pubsub",
              Node.object(
                  Map.entry("Enabled", Node.of(Kind.FLAG)),
                  Map.entry("Router", Node.of(Kind.STRING)),
                  Map.entry("DisableSigning", Node.of(Kind.BOOL)),
                  Map.entry("SeenMessagesTTL", Node.of(Kind.STRING)))),
          Map.entry(
              "Provider",
              Node.object(
                  Map.entry(
                      "Compute",
                      Node.object(
                          Map.entry("Enabled", Node.of(Kind.BOOL)),
                          Map.entry("Engines", Node.of(Kind.STRING_LIST)),
                          Map.entry("CpuCores", Node.of(Kind.INT)),
                          Map.entry("MemoryBytes", Node.of(Kind.SIZE)),
                          Map.entry("Concurrency", Node.of(Kind.INT)),
                          Map.entry("MinJobPrice", Node.of(Kind.STRING)),
                          Map.entry("EnergySource", Node.of(Kind.STRING)),
                          Map.entry("LieForTests", Node.of(Kind.BOOL)))),
                  Map.entry("Verify", Node.object(Map.entry("Enabled", Node.of(Kind.BOOL)))))));

  private ConfigSchema() {}

  /**
   * The type of a dotted key, following map entries under any name.
   *
   * @throws IllegalArgumentException as Kubo words it: "Foo.Bar not found", "Foo key is not a map"
   */
  static Node lookup(List<String> parts) {
    Node node = ROOT;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      Node next =
          switch (node.kind()) {
            case OBJECT -> node.fields().get(part);
            case MAP -> node.values();
            default ->
                throw new IllegalArgumentException(
                    String.join(".", parts.subList(0, i)) + " key is not a map");
          };
      if (next == null) {
        throw new IllegalArgumentException(
            String.join(".", parts.subList(0, i + 1)) + " not found");
      }
      node = next;
    }
    return node;
  }

  /** Checks the known keys of a whole config tree; unknown keys are not looked at. */
  static void check(JsonNode root) {
    check(root, ROOT, "");
  }

  /**
   * Checks {@code value} against {@code schema}, recursing into known fields.
   *
   * @param key the dotted key of {@code value}, named in the error
   */
  static void check(JsonNode value, Node schema, String key) {
    if (value.isNull()) {
      return;
    }
    boolean ok =
        switch (schema.kind()) {
          case OBJECT, MAP -> value.isObject();
          case STRING -> value.isTextual();
          case STRINGS -> value.isTextual() || isStringArray(value);
          case STRING_LIST -> isStringArray(value);
          case OBJECT_LIST -> value.isArray();
          case INT -> value.isIntegralNumber() && value.canConvertToLong();
          case BOOL, FLAG -> value.isBoolean();
          case PRIORITY ->
              (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0)
                  || (value.isBoolean() && !value.booleanValue());
          case SIZE -> value.isTextual() || value.isNumber();
        };
    if (!ok) {
      throw new IllegalArgumentException(
          (key.isEmpty() ? "the config" : key)
              + " must be "
              + schema.kind().expected
              + ", not "
              + describe(value));
    }
    String prefix = key.isEmpty() ? "" : key + ".";
    if (schema.kind() == Kind.OBJECT) {
      for (Map.Entry<String, Node> field : schema.fields().entrySet()) {
        JsonNode child = value.get(field.getKey());
        if (child != null) {
          check(child, field.getValue(), prefix + field.getKey());
        }
      }
    } else if (schema.kind() == Kind.MAP) {
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        check(entry.getValue(), schema.values(), prefix + entry.getKey());
      }
    } else if (schema.kind() == Kind.OBJECT_LIST) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.values(), key + "[" + i + "]");
      }
    }
  }

  /**
   * The JSON value {@code cairn config KEY VALUE} stores for a plain string: typed by the schema,
   * so {@code Import.CidVersion 1} stores the number 1.
   */
  static JsonNode fromText(String text, Node schema, String key) {
    return switch (schema.kind()) {
      case STRING, STRINGS, SIZE -> TextNode.valueOf(text);
      case INT -> {
        try {
          yield JsonNodeFactory.instance.numberNode(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(key + " must be an integer, not \"" + text + "\"", e);
        }
      }
      case PRIORITY -> {
        if (text.strip().equals("false")) {
          yield BooleanNode.FALSE;
        }
        try {
          long priority = Long.parseLong(text.strip());
          if (priority < 1) {
            throw new NumberFormatException();
          }
          yield JsonNodeFactory.instance.numberNode(priority);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              key + " must be " + schema.kind().expected + ", not \"" + text + "\"", e);
        }
      }
      case BOOL, FLAG -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw new IllegalArgumentException(key + " must be true or false, not \"" + text + "\"");
        }
        yield BooleanNode.valueOf(text.equals("true"));
      }
      case STRING_LIST, OBJECT_LIST, OBJECT, MAP ->
          throw new IllegalArgumentException(
              key + " must be " + schema.kind().expected + "; give it as JSON with --json");
    };
  }

  /** Words for a JSON value in error messages: {@code the string "x"}, {@code an array}. */
  static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "the string " + ConfigJson.compact(value);
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "an object";
    }
    return value.isNull() ? "null" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isStringArray(JsonNode value) {
    if (!value.isArray()) {
      return false;
    }
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
