package io.cairn.config;

import java.math.BigDecimal;
import java.math.BigInteger;
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
 * @param maxFee {@code Chain.MaxFee}: the most one transaction the node sends may cost in fees, in
 *     wei (its max fee per gas times its gas limit, the worst case), for the first send and every
 *     replacement; 0 for no cap
 */
public record ChainConfig(
    Mode mode, Optional<URI> rpcUrl, Map<String, String> contracts, BigInteger maxFee) {
  /** {@code Chain.MaxFee} unless set: 1 ether, as geth's {@code --rpc.txfeecap}. */
  public static final BigInteger DEFAULT_MAX_FEE = BigInteger.TEN.pow(18);

  /** {@code Chain.MaxFee} as the default config writes it. */
  static final String DEFAULT_MAX_FEE_TEXT = "1 ether";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(wei|gwei|ether)");

  private static final Map<String, Integer> DECIMALS = Map.of("wei", 0, "gwei", 9, "ether", 18);

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
    Objects.requireNonNull(maxFee, "maxFee");
    if (maxFee.signum() < 0) {
      throw new IllegalArgumentException("Chain.MaxFee must not be negative, not " + maxFee);
    }
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
    return new ChainConfig(Mode.DEV, Optional.empty(), Map.of(), DEFAULT_MAX_FEE);
  }

  /**
   * Reads {@code Chain.MaxFee}: a decimal amount and its unit, {@code wei}, {@code gwei} (10⁹ wei)
   * or {@code ether} (10¹⁸ wei, the chain's native coin: FIL on Filecoin), as {@code "1 ether"} or
   * {@code "50 gwei"}; or {@code "0"} for no cap. A number without a unit is refused, since geth
   * reads one as ether and Lotus as FIL.
   */
  static BigInteger parseMaxFee(String text) {
    String t = text.strip();
    if (t.equals("0")) {
      return BigInteger.ZERO;
    }
    var m = AMOUNT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Chain.MaxFee: '"
              + text
              + "' is not an amount such as \"1 ether\", \"0.05 ether\" or \"50 gwei\""
              + " (wei, gwei or ether), or 0 for no cap");
    }
    BigDecimal wei = new BigDecimal(m.group(1)).movePointRight(DECIMALS.get(m.group(2)));
    try {
      return wei.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Chain.MaxFee: '" + text + "' is not a whole number of wei", e);
    }
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
