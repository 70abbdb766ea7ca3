package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValuesTest {
  private static final String PIECE = io.cairn.proofs.CommP.of(new byte[1000]).toString();

  @Test
  void deploymentRoundTripsThroughJsonAndNormalisesAddresses() {
    Deployment d =
        new Deployment(
            31337,
            "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
            "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
            "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
            1);
    assertThat(d.registry()).isEqualTo("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    assertThat(Deployment.fromJson(d.toJson())).isEqualTo(d);
    assertThatThrownBy(() -> Deployment.fromJson("{\"chainId\":1}"))
        .hasMessageContaining("'registry'");
    assertThatThrownBy(() -> Deployment.fromJson("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> new Deployment(1, "0x12", d.market(), d.computeMarket(), d.token(), 0))
        .hasMessageContaining("registry address '0x12'");
    // a deployment recorded before the compute market existed cannot serve this client
    String old = d.toJson().replaceAll(",\"computeMarket\":\"0x[0-9a-f]{40}\"", "");
    assertThat(old).doesNotContain("computeMarket");
    assertThatThrownBy(() -> Deployment.fromJson(old))
        .hasMessageContaining("no 'computeMarket'")
        .hasMessageContaining("deploy the contracts again");
  }

  @Test
  void marketParamsRefuseWindowsTheContractRefuses() {
    BigInteger stake = BigInteger.TEN.pow(15);
    assertThat(MarketParams.dev())
        .isEqualTo(new MarketParams(20, 10, 5, 50, 50, 0, 50, 2, stake, 1));
    assertThatThrownBy(() -> new MarketParams(10, 10, 5, 50, 50, 0, 50, 2, stake, 1))
        .hasMessageContaining("window");
    // the seed block comes at least lookahead blocks after the period starts
    assertThatThrownBy(() -> new MarketParams(20, 18, 5, 50, 50, 0, 50, 2, stake, 1))
        .hasMessageContaining("lookahead");
    assertThatThrownBy(() -> new MarketParams(20, 10, 5, 50, 50, 0, 50, 1, stake, 1))
        .hasMessageContaining("lookahead");
    // EIP-2935 history reaches 8191 blocks back; longer than 256 is the contract's to check
    assertThat(new MarketParams(1000, 300, 5, 50, 50, 0, 50, 2, stake, 1).windowBlocks())
        .isEqualTo(300);
    assertThatThrownBy(() -> new MarketParams(100_000, 8192, 5, 50, 50, 0, 50, 2, stake, 1))
        .hasMessageContaining("8191");
    assertThatThrownBy(() -> new MarketParams(20, 10, 0, 50, 50, 0, 50, 2, stake, 1))
        .hasMessageContaining("challenges");
    assertThatThrownBy(() -> new MarketParams(20, 10, 5, 50, 50, 101, 50, 2, stake, 1))
        .hasMessageContaining("slash-to-client");
  }

  @Test
  void dealTermsNeedAV2PieceCidAndSaneAmounts() {
    String provider = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    DealTerms t = new DealTerms(PIECE, 4, BigInteger.TEN, provider, false);
    assertThat(t.total()).isEqualTo(BigInteger.valueOf(40));
    assertThat(PieceCids.toText(PieceCids.toBytes(PIECE))).isEqualTo(PIECE);
    assertThatThrownBy(
            () ->
                new DealTerms(
                    "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                    4,
                    BigInteger.TEN,
                    provider,
                    false))
        .hasMessageContaining("not a v2 piece CID");
    assertThatThrownBy(() -> new DealTerms(PIECE, 0, BigInteger.TEN, provider, false))
        .hasMessageContaining("periods");
    assertThatThrownBy(() -> new DealTerms(PIECE, 4, BigInteger.ZERO, provider, false))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new DealTerms(PIECE, 4, BigInteger.TWO.pow(256), provider, false))
        .hasMessageContaining("uint256");
    // the market takes a price up to (2^256 - 1) / 1000 / periods, so the fee and collateral fit
    BigInteger most =
        BigInteger.TWO.pow(256).subtract(BigInteger.ONE).divide(BigInteger.valueOf(4000));
    assertThat(new DealTerms(PIECE, 4, most, provider, true).total())
        .isEqualTo(most.multiply(BigInteger.valueOf(4)));
    assertThatThrownBy(() -> new DealTerms(PIECE, 4, most.add(BigInteger.ONE), provider, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "price per period "
                + most.add(BigInteger.ONE)
                + " is more than the market takes for 4 periods (at most "
                + most
                + ")");
  }

  @Test
  void providerOfferNeedsAPeerIdAndSomethingToOffer() {
    assertThatThrownBy(() -> new ProviderOffer("", "", 1, BigInteger.ONE, "", 0, BigInteger.ZERO))
        .hasMessageContaining("peer ID");
    assertThatThrownBy(() -> new ProviderOffer("p", "", 0, BigInteger.ONE, "", 0, BigInteger.ZERO))
        .hasMessageContaining("capacity, a GPU");
    assertThatThrownBy(() -> new ProviderOffer("p", "", 1, BigInteger.ONE, "", 8, BigInteger.ZERO))
        .hasMessageContaining("GPU model");
  }

  @Test
  void locateNamesWhatToInstall(@TempDir Path root) {
    // The environment variable wins over the project folders.
    assumeTrue(System.getenv("CAIRN_ANVIL") == null, "CAIRN_ANVIL names an anvil");
    assertThatThrownBy(() -> Anvil.locate(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@foundry-rs/anvil-linux-amd64")
        .hasMessageContaining("CAIRN_ANVIL");
  }
}
