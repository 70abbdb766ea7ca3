package io.cairn.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Chain} section, Cairn's own: how the node reaches the chain that holds deals, proofs
 * and jobs.
 *
 * @param mode {@code Chain.Mode}: {@code dev} (a local dev chain the node starts; the default),
 *     {@code rpc} (an EVM JSON-RPC endpoint) or {@code off}
 * @param rpcUrl {@code Chain.RpcUrl}: the endpoint for {@code rpc} mode (http, https, ws or wss)
 * @param contracts {@code Chain.Contracts}: contract name to {@code 0x} address
 */
public record ChainConfig(Mode mode, Optional<URI> rpcUrl, Map<String, String> contracts) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  /** How the node reaches a chain. */
  public enum Mode {
    DEV,
    RPC,
    OFF;

    /** The value written in the config file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.configName().equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "Chain.Mode must be dev, rpc or off, not \"" + text + "\"");
    }
  }

  public ChainConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    contracts = Maps.copyOf(contracts);
    contracts.forEach(
        (name, address) -> {
          if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(
                "Chain.Contracts."
                    + name
                    + ": '"
                    + address
                    + "' is not a 0x-prefixed 20-byte address");
          }
        });
  }

  /**
   * Checks the rules between keys of this section ({@code Chain.Mode rpc} needs {@code
   * Chain.RpcUrl}). They are checked when the section is used (daemon start, chain commands, {@code
   * config replace}) rather than on each single {@code config KEY VALUE} write, so that keys may be
   * set in any order.
   *
   * @throws IllegalArgumentException naming the missing key
   */
  public void checkComplete() {
    if (mode == Mode.RPC && rpcUrl.isEmpty()) {
      throw new IllegalArgumentException("Chain.RpcUrl must be set when Chain.Mode is rpc");
    }
  }

  public static ChainConfig defaults() {
    return new ChainConfig(Mode.DEV, Optional.empty(), Map.of());
  }

  /** Reads {@code Chain.RpcUrl}, which must be an absolute http(s) or ws(s) URL. */
  static URI parseRpcUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "Chain.RpcUrl: '" + text + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!Set.of("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Chain.RpcUrl: '" + text + "' is not an http, https, ws or wss URL with a host");
    }
    return uri;
  }
}
