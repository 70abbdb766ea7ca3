package io.cairn.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The config {@code cairn init} writes: Kubo's sections and defaults for the keys Cairn shares with
 * Kubo (Kubo's "optional" values written as {@code null}), and Cairn's own {@code Chain}, {@code
 * Compute} and {@code Provider} sections.
 */
final class DefaultConfig {
  private DefaultConfig() {}

  static ObjectNode create(Identity identity) {
    ObjectNode root = ConfigJson.MAPPER.createObjectNode();
    ObjectNode id = root.putObject("Identity");
    id.put("PeerID", identity.peerId().toString());
    id.put("PrivKey", identity.privKey());

    ObjectNode datastore = root.putObject("Datastore");
    datastore.put("StorageMax", "10GB");
    datastore.put("StorageGCWatermark", DatastoreConfig.DEFAULT_GC_WATERMARK);
    datastore.put("GCPeriod", "1h");
    datastore.put("HashOnRead", true);

    ObjectNode addresses = root.putObject("Addresses");
    addresses.put("API", "/ip4/127.0.0.1/tcp/5001");
    addresses.put("Gateway", "/ip4/127.0.0.1/tcp/8080");
    NodeConfig.DEFAULT_SWARM.forEach(addresses.putArray("Swarm")::add);
    addresses.putArray("Announce");
    addresses.putArray("AppendAnnounce");
    addresses.putArray("NoAnnounce");

    root.putArray("Bootstrap");
    root.putObject("Routing").put("Type", "dht");
    root.putObject("Discovery").putObject("MDNS").put("Enabled", true);
    ObjectNode experimental = root.putObject("Experimental");
    experimental.put("Libp2pStreamMounting", false);
    experimental.put("FilestoreEnabled", false);
    experimental.put("UrlstoreEnabled", false);
    ObjectNode pubsub = root.putObject("Pubsub");
    pubsub.put("Router", "");
    pubsub.put("DisableSigning", false);
    ObjectNode swarm = root.putObject("Swarm");
    swarm.putNull("AddrFilters");
    swarm.putObject("ConnMgr").put("HighWater", NetworkConfig.DEFAULT_HIGH_WATER);

    ObjectNode gateway = root.putObject("Gateway");
    gateway.putObject("HTTPHeaders");
    gateway.put("RootRedirect", "");
    gateway.put("NoFetch", false);
    gateway.put("NoDNSLink", false);
    gateway.putNull("DeserializedResponses");
    gateway.putNull("PublicGateways");

    root.putObject("API").putObject("HTTPHeaders");

    ObjectNode imports = root.putObject("Import");
    for (String key :
        new String[] {
          "CidVersion",
          "UnixFSRawLeaves",
          "UnixFSChunker",
          "HashFunction",
          "UnixFSFileMaxLinks",
          "UnixFSDirectoryMaxLinks",
          "UnixFSHAMTDirectoryMaxFanout",
          "UnixFSHAMTDirectorySizeThreshold",
          "UnixFSHAMTDirectorySizeEstimation",
          "UnixFSDAGLayout",
          "BatchMaxNodes",
          "BatchMaxSize"
        }) {
      imports.putNull(key);
    }

    ObjectNode chain = root.putObject("Chain");
    chain.put("Mode", ChainConfig.Mode.DEV.configName());
    chain.putNull("RpcUrl");
    chain.putObject("Contracts");
    chain.put("MaxFee", ChainConfig.DEFAULT_MAX_FEE_TEXT);

    root.putObject("Compute").put("Concurrency", ComputeConfig.DEFAULT_CONCURRENCY);

    ObjectNode provider = root.putObject("Provider");
    ProviderConfig.Compute offer = ProviderConfig.Compute.defaults();
    ObjectNode compute = provider.putObject("Compute");
    compute.put("Enabled", offer.enabled());
    offer.engines().forEach(compute.putArray("Engines")::add);
    compute.put("CpuCores", offer.cpuCores());
    compute.put("MemoryBytes", "256MiB");
    compute.put("Concurrency", offer.concurrency());
    compute.put("MinJobPrice", offer.minJobPrice().toString());
    compute.put("EnergySource", offer.energySource());
    provider.putObject("Verify").put("Enabled", false);
    return root;
  }
}
