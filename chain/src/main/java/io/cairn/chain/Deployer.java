package io.cairn.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Deploys the four contracts and wires the markets into the registry. */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  private Deployer() {}

  static Deployment deploy(
      URI rpc, ChainAccount deployer, MarketParams params, ComputeMarketParams compute) {
    Web3j web3 = Web3Connections.open(rpc);
    try {
      long chainId =
          JsonRpc.result(web3.ethChainId(), "deploy to " + rpc).getChainId().longValueExact();
      ContractAbi abi =
          new ContractAbi("TestToken", "ProviderRegistry", "StorageMarket", "ComputeMarket");
      Transactor tx =
          new Transactor(web3, deployer.credentials(), chainId, Duration.ofMillis(100), abi);
      TransactionReceipt token = create(tx, "TestToken", List.of());
      // A provider's stake must cover at least one deal, one job or one draw as a verifier.
      BigInteger minStake =
          params.stakePerDeal().max(compute.stakePerJob()).max(compute.stakePerVerifier());
      TransactionReceipt registry = create(tx, "ProviderRegistry", List.of(Calls.u256(minStake)));
      TransactionReceipt market =
          create(
              tx,
              "StorageMarket",
              List.of(
                  Calls.addr(registry.getContractAddress()),
                  Calls.u256(params.periodBlocks()),
                  Calls.u256(params.windowBlocks()),
                  Calls.u256(params.challengesPerProof()),
                  Calls.u256(params.collateralPercent()),
                  Calls.u256(params.slashPercent()),
                  Calls.u256(params.slashToClientPercent()),
                  Calls.u256(params.acceptBlocks()),
                  Calls.u256(params.lookahead()),
                  Calls.u256(params.stakePerDeal()),
                  Calls.u256(params.noticePeriods())));
      TransactionReceipt computeMarket =
          create(
              tx,
              "ComputeMarket",
              List.of(
                  Calls.addr(registry.getContractAddress()),
                  Calls.u256(compute.lookahead()),
                  Calls.u256(compute.collateralPercent()),
                  Calls.u256(compute.slashPercent()),
                  Calls.u256(compute.verifierFeePercent()),
                  Calls.u256(compute.stakePerJob()),
                  Calls.u256(compute.stakePerVerifier()),
                  Calls.u256(compute.minChallengeBlocks()),
                  Calls.u256(compute.commitBlocks()),
                  Calls.u256(compute.revealBlocks()),
                  Calls.u256(compute.maxVerifiers())));
      tx.send(
          registry.getContractAddress(),
          Calls.encode(
              Calls.setMarkets(market.getContractAddress(), computeMarket.getContractAddress())),
          BigInteger.ZERO,
          "wire markets into registry");
      Deployment d =
          new Deployment(
              chainId,
              registry.getContractAddress(),
              market.getContractAddress(),
              computeMarket.getContractAddress(),
              token.getContractAddress(),
              token.getBlockNumber().longValueExact());
      LOG.info("deployed {}", d.toJson());
      return d;
    } finally {
      web3.shutdown();
    }
  }

  private static TransactionReceipt create(Transactor tx, String contract, List<Type> args) {
    String data = "0x" + ContractAbi.bin(contract) + FunctionEncoder.encodeConstructor(args);
    return tx.send(null, data, BigInteger.ZERO, "deploy " + contract);
  }
}
