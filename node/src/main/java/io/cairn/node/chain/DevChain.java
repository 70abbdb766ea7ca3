package io.cairn.node.chain;

import io.cairn.chain.Anvil;
import io.cairn.chain.ChainAccount;
import io.cairn.chain.ChainClient;
import io.cairn.chain.ChainOptions;
import io.cairn.chain.Deployment;
import io.cairn.chain.MarketParams;
import io.cairn.config.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Chain.Mode=dev}: Anvil on loopback with its state kept in the repo ({@code chain/dev}),
 * the contracts deployed once (their addresses in {@code chain/deployment.json}), and the node's
 * account created and funded from Anvil's first dev account.
 */
final class DevChain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevChain.class);
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);

  /** Seconds per block: proving periods run on blocks, so the dev chain mines without traffic. */
  static final int BLOCK_SECONDS = 1;

  private final Anvil anvil;
  private final Deployment deployment;

  private DevChain(Anvil anvil, Deployment deployment) {
    this.anvil = anvil;
    this.deployment = deployment;
  }

  /**
   * Starts the dev chain for the repo at {@code paths}.
   *
   * @param home the project folder, where the launcher installs Anvil ({@code .tools/chain})
   */
  static DevChain start(RepoPaths paths, Path home) {
    Anvil anvil =
        Anvil.startInFolder(Anvil.locate(home), paths.chain().resolve("dev"), BLOCK_SECONDS);
    try {
      ChainAccount dev = ChainAccount.fromPrivateKey(anvil.devPrivateKeys().get(0));
      Deployment deployment = deployment(paths, anvil, dev);
      ChainAccount node =
          ChainAccounts.file(paths).isPresent()
              ? ChainAccounts.load(paths)
              : ChainAccounts.create(paths);
      fund(anvil, deployment, dev, node.address());
      return new DevChain(anvil, deployment);
    } catch (RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  /** The recorded deployment when its contracts are on this chain, else a new one. */
  private static Deployment deployment(RepoPaths paths, Anvil anvil, ChainAccount dev) {
    Path file = paths.chain().resolve("deployment.json");
    try {
      if (Files.isRegularFile(file)) {
        Deployment recorded = recorded(file);
        if (recorded != null && deployed(anvil, recorded, dev)) {
          return recorded;
        }
        if (recorded != null) {
          LOG.warn("the dev chain lost its state; deploying the contracts again");
        }
      }
      Deployment fresh = ChainClient.deploy(anvil.rpc(), dev, MarketParams.dev());
      Files.writeString(file, fresh.toJson(), StandardCharsets.UTF_8);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** The recorded deployment, or null when it predates a contract this node needs. */
  private static Deployment recorded(Path file) throws IOException {
    try {
      return Deployment.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.warn("{} is unusable ({}); deploying the contracts again", file, e.getMessage());
      return null;
    }
  }

  /** Whether the recorded contracts answer on this chain (Anvil restores its state file). */
  private static boolean deployed(Anvil anvil, Deployment recorded, ChainAccount dev) {
    try (ChainClient probe = client(anvil, recorded, dev)) {
      return probe.blockNumber() >= recorded.block() && probe.params() != null;
    } catch (RuntimeException noContract) {
      return false;
    }
  }

  private static void fund(Anvil anvil, Deployment d, ChainAccount dev, String account) {
    try (ChainClient c = client(anvil, d, dev)) {
      if (c.nativeBalance(account).compareTo(ETHER) < 0) {
        c.sendNative(account, ETHER.multiply(BigInteger.valueOf(100)));
        c.mintTestToken(account, ETHER.multiply(BigInteger.valueOf(1_000_000)));
        LOG.info("funded the node's account {} from the dev chain", account);
      }
    }
  }

  static ChainClient client(Anvil anvil, Deployment d, ChainAccount account) {
    return client(anvil, d, account, ChainOptions.DEFAULT_MAX_FEE);
  }

  /** A client of the dev chain whose transactions cost at most {@code maxFee} wei in fees each. */
  static ChainClient client(Anvil anvil, Deployment d, ChainAccount account, BigInteger maxFee) {
    return ChainClient.connect(
        new ChainOptions(anvil.rpc(), d, 1, Duration.ofMillis(500), maxFee), account);
  }

  Anvil anvil() {
    return anvil;
  }

  Deployment deployment() {
    return deployment;
  }

  @Override
  public void close() {
    anvil.close();
  }
}
