package io.cairn.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.PeerId;
import io.cairn.storage.StorageOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The node's configuration, read and validated once from the repo's {@code config} file (JSON in
 * Kubo's shape, with Kubo's key names where one exists). Modules never read the file: the node
 * hands each its own options record, such as {@link #storageOptions(RepoPaths)}.
 *
 * @param identity {@code Identity}
 * @param addresses {@code Addresses}
 * @param api {@code API}
 * @param gateway {@code Gateway}
 * @param datastore {@code Datastore}
 * @param importDefaults {@code Import}
 * @param chain {@code Chain}
 * @param pinningService {@code PinningService}
 * @param pinning {@code Pinning} (Kubo's remote pinning services)
 * @param network {@code Bootstrap}, {@code Routing} and {@code Swarm}
 * @param compute {@code Compute}
 * @param provider {@code Provider}
 * @param pubsub {@code Pubsub}
 * @param experimental {@code Experimental}
 * @param ipns {@code Ipns}
 */
public record NodeConfig(
    IdentityConfig identity,
    AddressesConfig addresses,
    ApiConfig api,
    GatewayConfig gateway,
    DatastoreConfig datastore,
    ImportDefaults importDefaults,
    ChainConfig chain,
    PinningServiceConfig pinningService,
    PinningConfig pinning,
    NetworkConfig network,
    ComputeConfig compute,
    ProviderConfig provider,
    PubsubConfig pubsub,
    ExperimentalConfig experimental,
    IpnsConfig ipns) {

  /** The default {@code Addresses.Swarm}: TCP on every IPv4 and IPv6 interface. */
  static final List<String> DEFAULT_SWARM = List.of("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001");

  public NodeConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(importDefaults, "importDefaults");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(pinningService, "pinningService");
    Objects.requireNonNull(pinning, "pinning");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pubsub, "pubsub");
    Objects.requireNonNull(experimental, "experimental");
    Objects.requireNonNull(ipns, "ipns");
  }

  /** This config with {@code pubsub} as its {@code Pubsub} section (a daemon flag's override). */
  public NodeConfig withPubsub(PubsubConfig pubsub) {
    return withSections(pubsub, ipns);
  }

  /** This config with {@code ipns} as its {@code Ipns} section (a daemon flag's override). */
  public NodeConfig withIpns(IpnsConfig ipns) {
    return withSections(pubsub, ipns);
  }

  private NodeConfig withSections(PubsubConfig pubsub, IpnsConfig ipns) {
    return new NodeConfig(
        identity,
        addresses,
        api,
        gateway,
        datastore,
        importDefaults,
        chain,
        pinningService,
        pinning,
        network,
        compute,
        provider,
        pubsub,
        experimental,
        ipns);
  }

  /**
   * Reads and validates the config of the repo at {@code paths}.
   *
   * @throws ConfigException if there is no repo, its version is not understood, or the file is not
   *     valid JSON or holds an invalid value; the message is one line naming the file and key
   */
  public static NodeConfig load(RepoPaths paths) {
    RepoVersion.check(paths);
    ObjectNode root = ConfigJson.read(paths.config());
    return fromTree(root, source(paths));
  }

  /** How errors name the config file of the repo at {@code paths}. */
  public static String source(RepoPaths paths) {
    return "config file " + paths.config();
  }

  /**
   * Reads and validates config JSON.
   *
   * @param source names the text in errors
   */
  public static NodeConfig parse(String json, String source) {
    return fromTree(ConfigJson.parse(json, source), source);
  }

  static NodeConfig fromTree(ObjectNode root, String source) {
    try {
      return ConfigReader.read(root);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the rules between keys ({@link ChainConfig#checkComplete()}), which single {@code config
   * KEY VALUE} writes leave unchecked so that keys may be set in any order, and that the private
   * key's seed gives its public half (which reading leaves to the key's first use); called where
   * the config is used whole (daemon start, chain commands) and by {@code config replace}.
   *
   * @param source names the config in errors ("config file /x/config")
   * @throws ConfigException one line naming the source and the missing key
   */
  public NodeConfig checkComplete(String source) {
    try {
      chain.checkComplete();
      provider.checkComplete(chain);
      checkKeyPair();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
    return this;
  }

  void checkKeyPair() {
    try {
      identity.key().checkKeyPair();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Identity.PrivKey: " + e.getMessage(), e);
    }
  }

  public PeerId peerId() {
    return identity.peerId();
  }

  /**
   * What storage needs to open the repo's block store. With {@code Experimental.FilestoreEnabled},
   * the filestore references files below the folder that holds the repo, as Kubo's does; with
   * {@code Experimental.UrlstoreEnabled}, spans of web files.
   */
  public StorageOptions storageOptions(RepoPaths paths) {
    Path repo = paths.root().toAbsolutePath().normalize();
    return new StorageOptions(
        paths.datastore(),
        datastore.hashOnRead(),
        datastore.storageMaxBytes(),
        experimental.filestoreEnabled() && repo.getParent() != null ? repo.getParent() : null,
        experimental.urlstoreEnabled());
  }
}
