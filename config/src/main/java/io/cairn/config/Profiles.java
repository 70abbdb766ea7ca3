package io.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Kubo's config profiles that mean something to Cairn, applied to the config tree by {@code cairn
 * init --profile} and {@code cairn config profile apply}. Each sets the same keys to the same
 * values as the Kubo profile of that name (Kubo's config/profile.go).
 */
final class Profiles {
  private record Profile(String description, Consumer<ObjectNode> transform) {}

  /**
   * The networks the {@code server} profile adds to {@code Addresses.NoAnnounce} and {@code
   * Swarm.AddrFilters}, Kubo's list ({@code defaultServerFilters}): those the IANA special-purpose
   * registries (RFC 6890) do not mark globally reachable.
   */
  static final List<String> SERVER_FILTERS =
      List.of(
          "/ip4/10.0.0.0/ipcidr/8", // RFC 1918 private
          "/ip4/100.64.0.0/ipcidr/10", // RFC 6598 shared address space (CGNAT)
          "/ip4/127.0.0.0/ipcidr/8", // RFC 1122 loopback
          "/ip4/169.254.0.0/ipcidr/16", // RFC 3927 link-local
          "/ip4/172.16.0.0/ipcidr/12", // RFC 1918 private
          "/ip4/192.0.0.0/ipcidr/24", // RFC 6890 IETF protocol assignments
          "/ip4/192.0.2.0/ipcidr/24", // RFC 5737 TEST-NET-1
          "/ip4/192.168.0.0/ipcidr/16", // RFC 1918 private
          "/ip4/198.18.0.0/ipcidr/15", // RFC 2544 benchmarking
          "/ip4/198.51.100.0/ipcidr/24", // RFC 5737 TEST-NET-2
          "/ip4/203.0.113.0/ipcidr/24", // RFC 5737 TEST-NET-3
          "/ip4/240.0.0.0/ipcidr/4", // RFC 1112 reserved, broadcast included
          "/ip6/::/ipcidr/3", // RFC 4291 reserved 0000::/3 (loopback, mapped, NAT64...)
          "/ip6/::1/ipcidr/128", // RFC 4291 loopback (inside ::/3; listed as Kubo lists it)
          "/ip6/100::/ipcidr/64", // RFC 6666 discard-only (inside ::/3 too)
          "/ip6/2001:2::/ipcidr/48", // RFC 5180 benchmarking
          "/ip6/2001:db8::/ipcidr/32", // RFC 3849 documentation
          "/ip6/fc00::/ipcidr/7", // RFC 4193 unique local addresses
          "/ip6/fe80::/ipcidr/10"); // RFC 4291 link-local

  private static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

  static {
    PROFILES.put(
        "test",
        new Profile(
            "Listen on loopback only, on ports the system picks, and find no peers by mDNS:"
                + " for tests.",
            root -> {
              ObjectNode a = section(root, "Addresses");
              a.put("API", "/ip4/127.0.0.1/tcp/0");
              a.put("Gateway", "/ip4/127.0.0.1/tcp/0");
              a.putArray("Swarm").add("/ip4/127.0.0.1/tcp/0");
              section(section(root, "Discovery"), "MDNS").put("Enabled", false);
            }));
    PROFILES.put(
        "default-networking",
        new Profile(
            "Restore the default listen addresses and mDNS (undoes the test profile).",
            root -> {
              ObjectNode a = section(root, "Addresses");
              a.put("API", "/ip4/127.0.0.1/tcp/5001");
              a.put("Gateway", "/ip4/127.0.0.1/tcp/8080");
              NodeConfig.DEFAULT_SWARM.forEach(a.putArray("Swarm")::add);
              a.putArray("Announce");
              a.putArray("AppendAnnounce");
              a.putArray("NoAnnounce");
              section(section(root, "Discovery"), "MDNS").put("Enabled", true);
            }));
    PROFILES.put(
        "server",
        new Profile(
            "For machines with public addresses: neither announce nor dial private, local and"
                + " reserved networks (Addresses.NoAnnounce and Swarm.AddrFilters), and find no"
                + " peers by mDNS.",
            root -> serverNetworking(root, true)));
    PROFILES.put(
        "local-discovery",
        new Profile(
            "Undo the server profile: announce and dial private networks again and find peers on"
                + " the local network by mDNS.",
            root -> serverNetworking(root, false)));
    PROFILES.put(
        "randomports",
        new Profile(
            "Use a random free port for the swarm.",
            root -> {
              int port = freePort();
              section(root, "Addresses")
                  .putArray("Swarm")
                  .add("/ip4/0.0.0.0/tcp/" + port)
                  .add("/ip6/::/tcp/" + port);
            }));
    Profile v0 =
        new Profile(
            "Legacy UnixFS import settings (IPIP-499 unixfs-v0-2015): CIDv0, dag-pb leaves,"
                + " sha2-256, 256 KiB chunks, 174 links, link-based HAMT size estimation."
                + " Alias: legacy-cid-v0.",
            root -> imports(root, 0, false, "size-262144", 174, "links"));
    PROFILES.put("unixfs-v0-2015", v0);
    PROFILES.put("legacy-cid-v0", new Profile("Alias for unixfs-v0-2015.", v0.transform()));
    PROFILES.put(
        "unixfs-v1-2025",
        new Profile(
            "Recommended UnixFS import settings (IPIP-499 unixfs-v1-2025): CIDv1, raw leaves,"
                + " sha2-256, 1 MiB chunks, 1024 links, block-based HAMT size estimation.",
            root -> imports(root, 1, true, "size-1048576", 1024, "block")));
  }

  private Profiles() {}

  /** Profile names with one-line descriptions, for help texts. */
  static Map<String, String> descriptions() {
    Map<String, String> out = new LinkedHashMap<>();
    PROFILES.forEach((name, p) -> out.put(name, p.description()));
    return out;
  }

  /**
   * Applies a profile to a config tree.
   *
   * @throws IllegalArgumentException naming the known profiles if {@code name} is not one
   */
  static void apply(String name, ObjectNode root) {
    require(name);
    PROFILES.get(name).transform().accept(root);
  }

  /**
   * Checks that a profile exists.
   *
   * @throws IllegalArgumentException naming the known profiles if {@code name} is not one
   */
  static void require(String name) {
    if (!PROFILES.containsKey(name)) {
      throw new IllegalArgumentException(
          "unknown profile '" + name + "'; known: " + String.join(", ", PROFILES.keySet()));
    }
  }

  private static void imports(
      ObjectNode root,
      int cidVersion,
      boolean rawLeaves,
      String chunker,
      int fileMaxLinks,
      String sizeEstimation) {
    ObjectNode i = section(root, "Import");
    i.put("CidVersion", cidVersion);
    i.put("UnixFSRawLeaves", rawLeaves);
    i.put("UnixFSChunker", chunker);
    i.put("HashFunction", "sha2-256");
    i.put("UnixFSFileMaxLinks", fileMaxLinks);
    i.put("UnixFSDirectoryMaxLinks", 0);
    i.put("UnixFSHAMTDirectoryMaxFanout", 256);
    i.put("UnixFSHAMTDirectorySizeThreshold", "256KiB");
    i.put("UnixFSHAMTDirectorySizeEstimation", sizeEstimation);
    i.put("UnixFSDAGLayout", "balanced");
  }

  /**
   * What {@code server} sets ({@code on}) and {@code local-discovery} undoes, as Kubo's do; Kubo's
   * {@code Swarm.DisableNatPortMap} is left out, as Cairn maps no ports.
   */
  private static void serverNetworking(ObjectNode root, boolean on) {
    ObjectNode a = section(root, "Addresses");
    a.set("NoAnnounce", serverFilters(a.get("NoAnnounce"), on));
    ObjectNode swarm = section(root, "Swarm");
    swarm.set("AddrFilters", serverFilters(swarm.get("AddrFilters"), on));
    section(section(root, "Discovery"), "MDNS").put("Enabled", !on);
  }

  /**
   * The strings of {@code list} (null or missing: none), each once, with {@link #SERVER_FILTERS}
   * added after them ({@code add}) or taken out.
   */
  private static ArrayNode serverFilters(JsonNode list, boolean add) {
    Set<String> kept = new LinkedHashSet<>();
    if (list != null && list.isArray()) {
      list.forEach(v -> kept.add(v.asText()));
    }
    if (add) {
      kept.addAll(SERVER_FILTERS);
    } else {
      SERVER_FILTERS.forEach(kept::remove);
    }
    ArrayNode out = ConfigJson.MAPPER.createArrayNode();
    kept.forEach(out::add);
    return out;
  }

  /** The section object, created (or replacing a null) when absent. */
  private static ObjectNode section(ObjectNode root, String name) {
    return root.get(name) instanceof ObjectNode existing ? existing : root.putObject(name);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
    }
  }
}
