package io.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Builds a {@link NodeConfig} from the config tree: checks the known keys' types, reads each
 * section with Kubo's defaults for absent and null values, and lets each record validate its
 * values. Errors are one line naming the key.
 */
final class ConfigReader {
  private ConfigReader() {}

  static NodeConfig read(ObjectNode root) {
    ConfigSchema.check(root);
    return new NodeConfig(
        identity(root.path("Identity")),
        addresses(root.path("Addresses")),
        api(root.path("API")),
        gateway(root.path("Gateway")),
        datastore(root.path("Datastore")),
        importDefaults(root.path("Import")),
        chain(root.path("Chain")),
        pinningService(root.path("PinningService")),
        pinning(root.path("Pinning").path("RemoteServices")),
        network(root),
        compute(root.path("Compute")),
        provider(root.path("Provider")),
        pubsub(root.path("Pubsub")),
        new ExperimentalConfig(
            bool(root.path("Experimental"), "Libp2pStreamMounting", false),
            bool(root.path("Experimental"), "FilestoreEnabled", false),
            bool(root.path("Experimental"), "UrlstoreEnabled", false)),
        new IpnsConfig(bool(root.path("Ipns"), "UsePubsub", false)));
  }

  /**
   * {@code Pubsub}: {@code Enabled}, {@code Router}, {@code SeenMessagesTTL}; {@code
   * DisableSigning} true is refused, as Cairn always signs and checks signatures (StrictSign).
   */
  private static PubsubConfig pubsub(JsonNode section) {
    if (bool(section, "DisableSigning", false)) {
      throw new IllegalArgumentException(
          "Pubsub.DisableSigning: Cairn always signs pubsub messages and checks their signatures;"
              + " set it to false");
    }
    String ttl = text(section, "SeenMessagesTTL", "");
    return new PubsubConfig(
        bool(section, "Enabled", false),
        PubsubConfig.Router.parse(text(section, "Router", "")),
        ttl.isEmpty()
            ? PubsubConfig.DEFAULT_SEEN_MESSAGES_TTL
            : named("Pubsub.SeenMessagesTTL", () -> Units.parseDuration(ttl)));
  }

  /**
   * {@code Bootstrap}; Kubo's {@code "auto"} (a list fetched from its autoconf service) stands for
   * no peers here, as Cairn fetches no such list.
   */
  private static List<Multiaddr> bootstrap(JsonNode root) {
    return multiaddrsExcept(root, "Bootstrap", "auto");
  }

  private static NetworkConfig network(JsonNode root) {
    JsonNode highWater = root.path("Swarm").path("ConnMgr").path("HighWater");
    return new NetworkConfig(
        bootstrap(root),
        named(
            "Routing.Type",
            () -> NetworkConfig.Routing.parse(text(root.path("Routing"), "Type", ""))),
        isSet(highWater)
            ? intValue(highWater, "Swarm.ConnMgr.HighWater")
            : NetworkConfig.DEFAULT_HIGH_WATER,
        provideStrategy(root),
        security(root.path("Swarm").path("Transports").path("Security")),
        peering(root.path("Peering").path("Peers")),
        bool(root.path("Discovery").path("MDNS"), "Enabled", true),
        addrFilters(root.path("Swarm")),
        bool(root.path("Routing"), "LoopbackAddressesOnLanDHT", false));
  }

  /** {@code Swarm.AddrFilters}: multiaddr netmasks, each refused with Kubo's words. */
  private static List<AddressMask> addrFilters(JsonNode swarm) {
    List<AddressMask> out = new ArrayList<>();
    for (String f : strings(swarm, "AddrFilters")) {
      try {
        out.add(AddressMask.parse(f));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Swarm.AddrFilters: incorrectly formatted address filter in config: '"
                + f
                + "' ("
                + e.getMessage()
                + "; write /ip4/ADDRESS/ipcidr/BITS or /ip6/ADDRESS/ipcidr/BITS)",
            e);
      }
    }
    return out;
  }

  /**
   * {@code Peering.Peers}: each {@code {ID, Addrs}}; an address may end in the peer's own {@code
   * /p2p/ID}, which is dropped.
   */
  private static List<NetworkConfig.PeeringPeer> peering(JsonNode peers) {
    List<NetworkConfig.PeeringPeer> out = new ArrayList<>();
    if (!isSet(peers)) {
      return out;
    }
    for (int i = 0; i < peers.size(); i++) {
      String key = "Peering.Peers[" + i + "]";
      JsonNode entry = peers.get(i);
      String id = text(entry, "ID", "");
      if (id.isEmpty()) {
        throw new IllegalArgumentException(key + ".ID is missing");
      }
      PeerId peer = named(key + ".ID", () -> PeerId.parse(id));
      List<Multiaddr> addresses = new ArrayList<>();
      for (String a : strings(entry, "Addrs")) {
        Multiaddr m = named(key + ".Addrs", () -> Multiaddr.parse(a));
        java.util.Optional<io.cairn.storage.Multihash> named = m.peerId();
        if (named.isPresent()) {
          if (!PeerId.fromMultihash(named.get()).equals(peer)) {
            throw new IllegalArgumentException(
                key + ".Addrs: " + a + " names another peer than " + id);
          }
          String text = m.toString();
          if (m.components().size() == 1) {
            continue; // the ID alone: no address
          }
          m = Multiaddr.parse(text.substring(0, text.lastIndexOf("/p2p/")));
        }
        addresses.add(m);
      }
      out.add(new NetworkConfig.PeeringPeer(peer, addresses));
    }
    return out;
  }

  /**
   * {@code Swarm.Transports.Security} as Kubo reads it: each protocol's priority (lower first; TLS
   * 100 and Noise 300 by default), {@code false} to disable it, null or absent for the default.
   */
  private static List<NetworkConfig.Security> security(JsonNode section) {
    java.util.Map<NetworkConfig.Security, Long> priority =
        new java.util.EnumMap<>(NetworkConfig.Security.class);
    for (NetworkConfig.Security s : NetworkConfig.Security.values()) {
      JsonNode value = section.path(s.key());
      String key = "Swarm.Transports.Security." + s.key();
      if (!isSet(value)) {
        priority.put(s, s.defaultPriority());
      } else if (value.isBoolean() && !value.booleanValue()) {
        continue; // disabled
      } else if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
        priority.put(s, value.longValue());
      } else {
        throw new IllegalArgumentException(
            key
                + " must be a priority (an integer from 1, lower goes first) or false, not "
                + value);
      }
    }
    return priority.entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /**
   * {@code Provide.Strategy}, else Kubo's older {@code Reprovider.Strategy}; {@code all} if
   * neither.
   */
  private static NetworkConfig.ProvideStrategy provideStrategy(JsonNode root) {
    String key = isSet(root.path("Provide").path("Strategy")) ? "Provide" : "Reprovider";
    return named(
        key + ".Strategy",
        () -> NetworkConfig.ProvideStrategy.parse(text(root.path(key), "Strategy", "")));
  }

  private static IdentityConfig identity(JsonNode section) {
    String peerIdText = text(section, "PeerID", null);
    if (peerIdText == null || peerIdText.isEmpty()) {
      throw new IllegalArgumentException("Identity.PeerID is missing");
    }
    String privKey = text(section, "PrivKey", null);
    if (privKey == null || privKey.isEmpty()) {
      throw new IllegalArgumentException("Identity.PrivKey is missing");
    }
    PeerId peerId = named("Identity.PeerID", () -> PeerId.parse(peerIdText));
    Identity key = named("Identity.PrivKey", () -> Identity.fromPrivKeyDeferred(privKey));
    return new IdentityConfig(peerId, key);
  }

  private static AddressesConfig addresses(JsonNode section) {
    return new AddressesConfig(
        multiaddrs(section, "Addresses", "API", List.of("/ip4/127.0.0.1/tcp/5001")),
        multiaddrs(section, "Addresses", "Gateway", List.of("/ip4/127.0.0.1/tcp/8080")),
        multiaddrs(section, "Addresses", "Swarm", NodeConfig.DEFAULT_SWARM),
        multiaddrs(section, "Addresses", "Announce", List.of()),
        multiaddrs(section, "Addresses", "AppendAnnounce", List.of()),
        multiaddrs(section, "Addresses", "NoAnnounce", List.of()));
  }

  private static ApiConfig api(JsonNode section) {
    Map<String, ApiConfig.Authorization> authorizations =
        map(
            section.path("Authorizations"),
            (name, entry) ->
                named(
                    "API.Authorizations." + name,
                    () ->
                        new ApiConfig.Authorization(
                            text(entry, "AuthSecret", ""), strings(entry, "AllowedPaths"))));
    return new ApiConfig(headers(section.path("HTTPHeaders")), authorizations);
  }

  private static GatewayConfig gateway(JsonNode section) {
    boolean deserialized = bool(section, "DeserializedResponses", true);
    Set<String> disabled = new HashSet<>();
    section.path("PublicGateways").properties().stream()
        .filter(e -> e.getValue().isNull())
        .forEach(e -> disabled.add(e.getKey()));
    Map<String, GatewayConfig.PublicGateway> publicGateways =
        map(
            section.path("PublicGateways"),
            (host, spec) ->
                new GatewayConfig.PublicGateway(
                    strings(spec, "Paths"),
                    bool(spec, "UseSubdomains", false),
                    bool(spec, "NoDNSLink", false),
                    bool(spec, "InlineDNSLink", false),
                    bool(spec, "DeserializedResponses", deserialized)));
    return new GatewayConfig(
        headers(section.path("HTTPHeaders")),
        publicGateways,
        disabled,
        text(section, "RootRedirect", ""),
        bool(section, "NoFetch", false),
        bool(section, "NoDNSLink", false),
        deserialized);
  }

  private static DatastoreConfig datastore(JsonNode section) {
    String storageMax = text(section, "StorageMax", null);
    long maxBytes =
        storageMax == null
            ? DatastoreConfig.DEFAULT_STORAGE_MAX
            : named("Datastore.StorageMax", () -> Units.parseBytes(storageMax));
    String gcPeriod = text(section, "GCPeriod", "");
    Duration period =
        gcPeriod.isEmpty()
            ? DatastoreConfig.DEFAULT_GC_PERIOD
            : named("Datastore.GCPeriod", () -> Units.parseDuration(gcPeriod));
    JsonNode watermark = section.path("StorageGCWatermark");
    return new DatastoreConfig(
        maxBytes,
        isSet(watermark) ? intValue(watermark, "Datastore.StorageGCWatermark") : 90,
        period,
        bool(section, "HashOnRead", true));
  }

  private static ImportDefaults importDefaults(JsonNode s) {
    JsonNode threshold = s.path("UnixFSHAMTDirectorySizeThreshold");
    Long shardingSize = null;
    if (isSet(threshold)) {
      shardingSize =
          threshold.isNumber()
              ? threshold.asLong()
              : named(
                  "Import.UnixFSHAMTDirectorySizeThreshold",
                  () -> Units.parseBytes(threshold.asText()));
    }
    return new ImportDefaults(
        optionalInt(s, "Import.", "CidVersion"),
        optionalBool(s, "UnixFSRawLeaves"),
        text(s, "UnixFSChunker", null),
        text(s, "HashFunction", null),
        optionalInt(s, "Import.", "UnixFSFileMaxLinks"),
        optionalInt(s, "Import.", "UnixFSDirectoryMaxLinks"),
        optionalInt(s, "Import.", "UnixFSHAMTDirectoryMaxFanout"),
        shardingSize,
        text(s, "UnixFSHAMTDirectorySizeEstimation", null),
        text(s, "UnixFSDAGLayout", null),
        optionalInt(s, "Import.", "BatchMaxNodes"),
        isSet(s.path("BatchMaxSize")) ? s.path("BatchMaxSize").asLong() : null);
  }

  private static ChainConfig chain(JsonNode section) {
    ChainConfig.Mode mode = ChainConfig.Mode.parse(text(section, "Mode", "dev"));
    String rpcUrl = text(section, "RpcUrl", "");
    Map<String, String> contracts = map(section.path("Contracts"), (name, v) -> v.asText());
    String maxFee = text(section, "MaxFee", "");
    return new ChainConfig(
        mode,
        rpcUrl.isEmpty() ? Optional.empty() : Optional.of(ChainConfig.parseRpcUrl(rpcUrl)),
        contracts,
        maxFee.isEmpty() ? ChainConfig.DEFAULT_MAX_FEE : ChainConfig.parseMaxFee(maxFee));
  }

  private static PinningServiceConfig pinningService(JsonNode section) {
    Map<String, String> tokens = map(section.path("Tokens"), (name, v) -> v.asText());
    String timeout = text(section, "PinTimeout", "");
    return new PinningServiceConfig(
        tokens,
        timeout.isEmpty()
            ? PinningServiceConfig.DEFAULT_PIN_TIMEOUT
            : named("PinningService.PinTimeout", () -> Units.parseDuration(timeout)));
  }

  /** {@code Pinning.RemoteServices}: absent or null fields read as Kubo's zero values. */
  private static PinningConfig pinning(JsonNode services) {
    return new PinningConfig(
        map(
            services,
            (name, s) -> {
              JsonNode api = s.path("API");
              JsonNode mfs = s.path("Policies").path("MFS");
              return new PinningConfig.RemoteService(
                  text(api, "Endpoint", ""),
                  text(api, "Key", ""),
                  new PinningConfig.MfsPolicy(
                      bool(mfs, "Enable", false),
                      text(mfs, "PinName", ""),
                      text(mfs, "RepinInterval", "")));
            }));
  }

  private static List<Multiaddr> multiaddrsExcept(JsonNode root, String field, String skipped) {
    JsonNode node = root.path(field);
    if (!isSet(node)) {
      return List.of();
    }
    List<Multiaddr> out = new ArrayList<>();
    for (String t : node.isTextual() ? List.of(node.asText()) : strings(root, field)) {
      if (!t.isEmpty() && !t.equals(skipped)) {
        out.add(named(field, () -> Multiaddr.parse(t)));
      }
    }
    return out;
  }

  private static ComputeConfig compute(JsonNode section) {
    JsonNode concurrency = section.path("Concurrency");
    return new ComputeConfig(
        isSet(concurrency)
            ? intValue(concurrency, "Compute.Concurrency")
            : ComputeConfig.DEFAULT_CONCURRENCY);
  }

  private static ProviderConfig provider(JsonNode section) {
    JsonNode c = section.path("Compute");
    ProviderConfig.Compute d = ProviderConfig.Compute.defaults();
    JsonNode memory = c.path("MemoryBytes");
    JsonNode price = c.path("MinJobPrice");
    return new ProviderConfig(
        new ProviderConfig.Compute(
            bool(c, "Enabled", d.enabled()),
            isSet(c.path("Engines")) ? strings(c, "Engines") : d.engines(),
            isSet(c.path("CpuCores"))
                ? intValue(c.path("CpuCores"), "Provider.Compute.CpuCores")
                : d.cpuCores(),
            !isSet(memory)
                ? d.memoryBytes()
                : memory.isNumber()
                    ? memory.asLong()
                    : named(
                        "Provider.Compute.MemoryBytes", () -> Units.parseBytes(memory.asText())),
            isSet(c.path("Concurrency"))
                ? intValue(c.path("Concurrency"), "Provider.Compute.Concurrency")
                : d.concurrency(),
            isSet(price) ? ProviderConfig.Compute.parsePrice(price.asText()) : d.minJobPrice(),
            text(c, "EnergySource", d.energySource()),
            bool(c, "LieForTests", false)),
        new ProviderConfig.Verify(bool(section.path("Verify"), "Enabled", false)));
  }

  private static List<Multiaddr> multiaddrs(
      JsonNode section, String sectionName, String field, List<String> defaults) {
    JsonNode node = section.path(field);
    List<String> texts;
    if (!isSet(node)) {
      texts = defaults;
    } else if (node.isTextual()) {
      // Kubo's "Strings": one address may be written as a plain string; "" means none.
      texts = node.asText().isEmpty() ? List.of() : List.of(node.asText());
    } else {
      texts = strings(section, field);
    }
    List<Multiaddr> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(
          named(
              sectionName.isEmpty() ? field : sectionName + "." + field, () -> Multiaddr.parse(t)));
    }
    return out;
  }

  private static Map<String, List<String>> headers(JsonNode node) {
    return map(node, (name, values) -> toStrings(values));
  }

  private static <V> Map<String, V> map(JsonNode node, BiFunction<String, JsonNode, V> reader) {
    Map<String, V> out = new LinkedHashMap<>();
    if (isSet(node)) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isNull()) {
          out.put(e.getKey(), reader.apply(e.getKey(), e.getValue()));
        }
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode section, String field) {
    return toStrings(section.path(field));
  }

  private static List<String> toStrings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (isSet(node)) {
      node.forEach(item -> out.add(item.asText()));
    }
    return out;
  }

  private static String text(JsonNode section, String field, String fallback) {
    JsonNode node = section.path(field);
    return isSet(node) ? node.asText() : fallback;
  }

  private static boolean bool(JsonNode section, String field, boolean fallback) {
    JsonNode node = section.path(field);
    return isSet(node) ? node.asBoolean() : fallback;
  }

  private static Boolean optionalBool(JsonNode section, String field) {
    JsonNode node = section.path(field);
    return isSet(node) ? node.asBoolean() : null;
  }

  private static Integer optionalInt(JsonNode section, String prefix, String field) {
    JsonNode node = section.path(field);
    return isSet(node) ? intValue(node, prefix + field) : null;
  }

  private static int intValue(JsonNode node, String key) {
    if (!node.canConvertToInt()) {
      throw new IllegalArgumentException(key + " is out of range: " + node.asText());
    }
    return node.asInt();
  }

  private static boolean isSet(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  /** Runs a parse, prefixing its error with the key unless the message already names it. */
  private static <T> T named(String key, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m.startsWith(key) ? m : key + ": " + m, e);
    }
  }
}
