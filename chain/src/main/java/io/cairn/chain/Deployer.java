package io.cairn.chain;

import java.io.IOException;
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
import org.web3j.protocol.http.HttpService;

/** Deploys the three contracts and wires the market into the registry. */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  private Deployer() {}

  static Deployment deploy(URI rpc, ChainAccount deployer, MarketParams params) {
    Web3j web3 = Web3j.build(new HttpService(rpc.toString()));
    try {
      long chainId = web3.ethChainId().send().getChainId().longValueExact();
      ContractAbi abi = new ContractAbi("TestToken", "ProviderRegistry", "StorageMarket");
      Transactor tx =
          new Transactor(web3, deployer.credentials(), chainId, Duration.ofMillis(100), abi);
      TransactionReceipt token = create(tx, "TestToken", List.of());
      TransactionReceipt registry =
          create(tx, "ProviderRegistry", List.of(Calls.u256(BigInteger.ZERO)));
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
      tx.send(
          registry.getContractAddress(),
          // TODO(compute market): the compute market's address in the second place
          Calls.encode(Calls.setMarkets(market.getContractAddress(), market.getContractAddress())),
          BigInteger.ZERO,
          "wire market into registry");
      Deployment d =
          new Deployment(
              chainId,
              registry.getContractAddress(),
              market.getContractAddress(),
              token.getContractAddress(),
              token.getBlockNumber().longValueExact());
      LOG.info("deployed {}", d.toJson());
      return d;
    } catch (IOException e) {
      throw new ChainException("deploy: chain at " + rpc + " unreachable: " + e.getMessage(), e);
    } finally {
      web3.shutdown();
    }
  }

  private static TransactionReceipt create(Transactor tx, String contract, List<Type> args) {
    String data = "0x" + ContractAbi.bin(contract) + FunctionEncoder.encodeConstructor(args);
    return tx.send(null, data, BigInteger.ZERO, "deploy " + contract);
  }
}
