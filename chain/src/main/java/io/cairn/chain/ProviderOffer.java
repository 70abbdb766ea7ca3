package io.cairn.chain;

import io.cairn.storage.Multiaddr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a provider offers, as the registry records it.
 *
 * @param peerId the node's libp2p peer ID
 * @param endpoints how to reach it (multiaddrs or URLs, comma-separated)
 * @param capacityBytes disk capacity offered
 * @param pricePerTiBPerPeriod storage price per TiB per proving period, in the smallest unit
 * @param gpuModel the GPU offered, empty for none
 * @param gpuMemoryBytes its memory, 0 for none
 * @param gpuPricePerHour GPU price per hour, in the smallest unit
 */
public record ProviderOffer(
    String peerId,
    String endpoints,
    long capacityBytes,
    BigInteger pricePerTiBPerPeriod,
    String gpuModel,
    long gpuMemoryBytes,
    BigInteger gpuPricePerHour) {
  public ProviderOffer {
    if (peerId == null || peerId.isBlank() || utf8(peerId) > 128) {
      throw new IllegalArgumentException("peer ID must be 1 to 128 bytes, not '" + peerId + "'");
    }
    endpoints = endpoints == null ? "" : endpoints;
    if (utf8(endpoints) > 1024) {
      throw new IllegalArgumentException("endpoints must fit 1024 bytes");
    }
    gpuModel = gpuModel == null ? "" : gpuModel;
    if (utf8(gpuModel) > 128) {
      throw new IllegalArgumentException("GPU model must fit 128 bytes");
    }
    if (capacityBytes < 0 || gpuMemoryBytes < 0) {
      throw new IllegalArgumentException("capacity and GPU memory must not be negative");
    }
    if (capacityBytes == 0 && gpuMemoryBytes == 0) {
      throw new IllegalArgumentException("a provider offers disk capacity, a GPU, or both");
    }
    if (gpuModel.isEmpty() && gpuMemoryBytes != 0) {
      throw new IllegalArgumentException("GPU memory is offered without a GPU model");
    }
    pricePerTiBPerPeriod = Amounts.check(pricePerTiBPerPeriod, "price per TiB per period");
    gpuPricePerHour = Amounts.check(gpuPricePerHour, "GPU price per hour");
  }

  /**
   * The multiaddrs among the endpoints, where the provider's node can be dialed; URLs and entries
   * that do not parse are left out (the registry takes any text).
   */
  public List<Multiaddr> multiaddrs() {
    List<Multiaddr> out = new ArrayList<>();
    for (String e : endpoints.split(",")) {
      String t = e.strip();
      if (t.startsWith("/")) {
        try {
          out.add(Multiaddr.parse(t));
        } catch (RuntimeException ignored) {
          // An endpoint this node cannot dial; the others, the peer store or the DHT may do.
        }
      }
    }
    return out;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
