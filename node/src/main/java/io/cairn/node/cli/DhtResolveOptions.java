package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Option;

/**
 * Kubo's options for resolving IPNS names through the DHT, shared by {@code name resolve} and
 * {@code resolve}: how many records to gather and how long to wait for them.
 */
final class DhtResolveOptions {
  @Option(
      names = {"--dhtrc", "--dht-record-count"},
      paramLabel = "N",
      description = "Number of records to request for DHT resolution (default 16).")
  Integer recordCount;

  @Option(
      names = {"--dhtt", "--dht-timeout"},
      paramLabel = "DURATION",
      description =
          "Longest time to collect records during DHT resolution, such as 30s; 0 for no limit"
              + " (default 1m).")
  String timeout;

  /** Adds the options given to {@code request}. */
  ApiRequest.Builder addTo(ApiRequest.Builder request) {
    return request.option("dht-record-count", recordCount).option("dht-timeout", timeout);
  }
}
