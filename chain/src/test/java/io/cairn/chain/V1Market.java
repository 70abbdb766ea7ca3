package io.cairn.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The StorageMarket before issue 12 ({@code StorageMarketV1} and {@code ProviderRegistryV1} in the
 * test sources), deployed beside the current one on a dev chain with its dev parameters, driven by
 * raw calls: the attack tests show each attack succeed here and fail on the current market.
 */
@SuppressWarnings("rawtypes") // web3j's ABI API takes and returns the raw Type
final class V1Market implements AutoCloseable {
  static final int PERIOD_BLOCKS = 20;
  static final int WINDOW_BLOCKS = 10;
  static final int CHALLENGES = 5;

  private final DevChain chain;
  private final Web3j web3;
  final String registry;
  final String market;

  V1Market(DevChain chain) {
    this.chain = chain;
    this.web3 = Web3j.build(new HttpService(chain.rpc().toString()));
    Transactor deployer = transactor(0);
    registry = create(deployer, "ProviderRegistryV1", List.of());
    market =
        create(
            deployer,
            "StorageMarketV1",
            List.of(
                Calls.addr(registry),
                Calls.u256(PERIOD_BLOCKS),
                Calls.u256(WINDOW_BLOCKS),
                Calls.u256(CHALLENGES),
                Calls.u256(50),
                Calls.u256(10),
                Calls.u256(50)));
    deployer.send(
        registry,
        Calls.encode(Calls.fn("setMarket", List.of(Calls.addr(market)), Calls.out())),
        BigInteger.ZERO,
        "setMarket");
  }

  Transactor transactor(int account) {
    return new Transactor(
        web3,
        ChainAccount.fromPrivateKey(chain.keys.get(account)).credentials(),
        chain.deployment.chainId(),
        Duration.ofMillis(20),
        new ContractAbi("TestToken", "ProviderRegistryV1", "StorageMarketV1"));
  }

  static String create(Transactor tx, String contract, List<Type> args) {
    String data = "0x" + ContractAbi.bin(contract) + FunctionEncoder.encodeConstructor(args);
    return tx.send(null, data, BigInteger.ZERO, "deploy " + contract).getContractAddress();
  }

  void register(int account) {
    transactor(account)
        .send(
            registry,
            Calls.encode(Calls.offer("register", DevChain.offer("12D3KooWV1Provider" + account))),
            DevChain.ETHER,
            "register");
  }

  /** Opens a native-currency deal from {@code client} and returns its ID. */
  BigInteger open(int client, String pieceCid, long periods, BigInteger price, int provider) {
    String to = ChainAccount.fromPrivateKey(chain.keys.get(provider)).address();
    byte[] cid = PieceCids.toBytes(pieceCid);
    transactor(client)
        .send(
            market,
            Calls.encode(Calls.openDeal(cid, (int) periods, price, to, Addresses.ZERO)),
            price.multiply(BigInteger.valueOf(periods)),
            "openDeal");
    return (BigInteger) view(market, Calls.view("dealCount")).get(0).getValue();
  }

  TxResult accept(int provider, BigInteger dealId, BigInteger collateral) {
    return Transactor.result(
        transactor(provider)
            .send(
                market,
                Calls.encode(Calls.dealAction("acceptDeal", dealId)),
                collateral,
                "accept"));
  }

  TxResult prove(int provider, byte[] calldata) {
    return Transactor.result(
        transactor(provider)
            .send(market, Transactor.hex(calldata), BigInteger.ZERO, "provePossession"));
  }

  TxResult settle(int account, BigInteger dealId) {
    return Transactor.result(
        transactor(account)
            .send(
                market,
                Calls.encode(Calls.dealAction("settle", dealId)),
                BigInteger.ZERO,
                "settle"));
  }

  /** The v1 deal status: state, leafCount, periods, price, startBlock, collateralLeft, proven… */
  List<Type> status(BigInteger dealId) {
    return view(market, Calls.dealStatus(dealId));
  }

  long startBlock(BigInteger dealId) {
    return ((BigInteger) status(dealId).get(4).getValue()).longValueExact();
  }

  int periodsProven(BigInteger dealId) {
    return ((BigInteger) status(dealId).get(6).getValue()).intValueExact();
  }

  int periodsFaulted(BigInteger dealId) {
    return ((BigInteger) status(dealId).get(7).getValue()).intValueExact();
  }

  BigInteger withdrawable(String account) {
    return (BigInteger) view(market, Calls.withdrawable(account, Addresses.ZERO)).get(0).getValue();
  }

  /** The registry stake of {@code provider}. */
  BigInteger stake(String provider) {
    Function f =
        Calls.fn(
            "statusOf",
            List.of(Calls.addr(provider)),
            Calls.out(
                Calls.BOOL,
                Calls.BOOL,
                Calls.U256,
                Calls.U32,
                Calls.U64,
                Calls.U64,
                Calls.U64,
                Calls.U64));
    return (BigInteger) view(registry, f).get(2).getValue();
  }

  /** The seed block of period {@code k} of a deal accepted at {@code start}. */
  static long seedBlock(long start, int k) {
    return start + (long) k * PERIOD_BLOCKS + PERIOD_BLOCKS - WINDOW_BLOCKS;
  }

  /** The v1 seed: the hash of the seed block. */
  byte[] blockHash(long block) {
    try {
      var b =
          web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
              .send();
      return Numeric.hexStringToByteArray(b.getBlock().getHash());
    } catch (java.io.IOException e) {
      throw new ChainException("block " + block + ": " + e.getMessage(), e);
    }
  }

  byte[] header(long block) {
    return BlockHeaders.rlpHeader(web3, block);
  }

  List<Type> view(String to, Function f) {
    String out = transactor(0).call(to, Calls.encode(f), f.getName());
    return FunctionReturnDecoder.decode(out, f.getOutputParameters());
  }

  @Override
  public void close() {
    web3.shutdown();
  }
}
