package io.cairn.chain;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** {@link ChainClient} over web3j's JSON-RPC client. */
final class Web3ChainClient implements ChainClient {
  private final Web3j web3;
  private final ChainOptions options;
  private final Deployment deployment;
  private final ContractAbi abi;
  private final Transactor tx;
  private final MarketParams params;
  private final long genesisBlock;
  private final List<AutoCloseable> followers = new ArrayList<>();
  private final Web3ComputeMarket compute;

  private Web3ChainClient(Web3j web3, ChainOptions options, ChainAccount account) {
    this.web3 = web3;
    this.options = options;
    this.deployment = options.deployment();
    this.abi = new ContractAbi("TestToken", "ProviderRegistry", "StorageMarket", "ComputeMarket");
    long chainId = JsonRpc.result(web3.ethChainId(), "connect").getChainId().longValueExact();
    if (chainId != deployment.chainId()) {
      throw new IllegalStateException(
          "chain at "
              + options.rpc()
              + " has ID "
              + chainId
              + ", the deployment is for "
              + deployment.chainId());
    }
    for (String a :
        List.of(
            deployment.registry(),
            deployment.market(),
            deployment.computeMarket(),
            deployment.token())) {
      String code = code(a, "connect");
      if (code == null || code.length() <= 2) {
        throw new IllegalStateException(
            "no contract at " + a + " on the chain at " + options.rpc());
      }
    }
    this.tx =
        new Transactor(
            web3,
            account.credentials(),
            chainId,
            options.pollInterval(),
            abi,
            options.maxFee(),
            Transactor.RECEIPT_TIMEOUT);
    checkCode("ProviderRegistry", deployment.registry());
    for (String[] market :
        List.of(
            new String[] {"StorageMarket", deployment.market()},
            new String[] {"ComputeMarket", deployment.computeMarket()})) {
      checkCode(market[0], market[1]);
      String registry =
          Addresses.check(
              (String)
                  view(market[1], Calls.fn("registry", List.of(), Calls.out(Calls.ADDRESS)))
                      .get(0)
                      .getValue(),
              "registry");
      if (!registry.equals(deployment.registry())) {
        throw new IllegalStateException(
            "the "
                + market[0]
                + " at "
                + market[1]
                + " uses the ProviderRegistry at "
                + registry
                + ", not the configured "
                + deployment.registry());
      }
    }
    this.params =
        new MarketParams(
            marketInt("periodBlocks"),
            marketInt("windowBlocks"),
            marketInt("challengesPerProof"),
            marketInt("collateralPercent"),
            marketInt("faultSlashPercent"),
            marketInt("slashToClientPercent"),
            marketInt("acceptBlocks"),
            marketInt("lookahead"),
            marketNumber("stakePerDeal"),
            marketInt("noticePeriods"));
    this.genesisBlock = marketNumber("genesisBlock").longValueExact();
    this.compute = new Web3ComputeMarket(this);
  }

  /** Refuses a contract whose code is not the committed one's (another build, another contract). */
  private void checkCode(String contract, String address) {
    String code = code(address, "connect");
    if (!ContractCode.matches(contract, Numeric.hexStringToByteArray(code))) {
      throw new IllegalStateException(
          "the contract at "
              + address
              + " on "
              + options.rpc()
              + " is not Cairn's "
              + contract
              + ": its code differs from the committed "
              + contract
              + ".bin (another version or another contract); check the deployment's addresses");
    }
  }

  /** The code at {@code address} in the latest block ({@code 0x} for none). */
  private String code(String address, String what) {
    return JsonRpc.result(web3.ethGetCode(address, DefaultBlockParameterName.LATEST), what)
        .getCode();
  }

  static long chainId(URI rpc) {
    Web3j web3 = Web3Connections.open(rpc);
    try {
      return JsonRpc.result(web3.ethChainId(), "chain ID of " + rpc).getChainId().longValueExact();
    } finally {
      web3.shutdown();
    }
  }

  static ChainClient connect(ChainOptions options, ChainAccount account) {
    Web3j web3 =
        Web3Connections.open(options.rpc(), Math.max(1, options.pollInterval().toMillis()));
    try {
      return new Web3ChainClient(web3, options, account);
    } catch (RuntimeException e) {
      web3.shutdown();
      throw e;
    }
  }

  private int marketInt(String name) {
    return marketNumber(name).intValueExact();
  }

  private BigInteger marketNumber(String name) {
    return (BigInteger) view(deployment.market(), Calls.view(name)).get(0).getValue();
  }

  long genesisBlock() {
    return genesisBlock;
  }

  byte[] header(long block) {
    return BlockHeaders.rlpHeader(web3, block);
  }

  @SuppressWarnings("rawtypes") // web3j's ABI API returns the raw Type
  List<Type> view(String to, Function f) {
    String out = tx.call(to, Calls.encode(f), f.getName());
    return FunctionReturnDecoder.decode(out, f.getOutputParameters());
  }

  TransactionReceipt send(String to, Function f, BigInteger value) {
    return tx.send(to, Calls.encode(f), value, f.getName());
  }

  private TxResult market(Function f, BigInteger value) {
    return Transactor.result(send(deployment.market(), f, value));
  }

  private TxResult registry(Function f, BigInteger value) {
    return Transactor.result(send(deployment.registry(), f, value));
  }

  @Override
  public String address() {
    return tx.from();
  }

  @Override
  public long chainId() {
    return deployment.chainId();
  }

  @Override
  public long blockNumber() {
    return JsonRpc.result(web3.ethBlockNumber(), "block number").getBlockNumber().longValueExact();
  }

  @Override
  public MarketParams params() {
    return params;
  }

  Web3j web3() {
    return web3;
  }

  ContractAbi abi() {
    return abi;
  }

  @Override
  public ComputeMarketClient compute() {
    return compute;
  }

  @Override
  public Deployment deployment() {
    return deployment;
  }

  @Override
  public BigInteger nativeBalance(String address) {
    return JsonRpc.result(
            web3.ethGetBalance(
                Addresses.check(address, "account"), DefaultBlockParameterName.LATEST),
            "balance")
        .getBalance();
  }

  @Override
  public BigInteger tokenBalance(String address) {
    return (BigInteger) view(deployment.token(), Calls.balanceOf(address)).get(0).getValue();
  }

  @Override
  public TxResult sendNative(String to, BigInteger wei) {
    return Transactor.result(
        tx.send(
            Addresses.check(to, "recipient"), "0x", Amounts.check(wei, "amount"), "send native"));
  }

  @Override
  public TxResult mintTestToken(String to, BigInteger amount) {
    return Transactor.result(send(deployment.token(), Calls.mint(to, amount), BigInteger.ZERO));
  }

  @Override
  public boolean setDevBalance(String address, BigInteger wei) {
    Addresses.check(address, "account");
    Amounts.check(wei, "balance");
    try {
      new DevRpc(options.rpc())
          .call("anvil_setBalance", address, Numeric.toHexStringWithPrefix(wei));
      return true;
    } catch (ChainException e) {
      if (e.getCause() != null) {
        throw e; // the chain did not answer: not the same as a chain without the method
      }
      return false;
    }
  }

  @Override
  public boolean paysInTestToken() {
    String code = code(deployment.token(), "code of the token " + deployment.token());
    String runtime = code == null ? "" : Numeric.cleanHexPrefix(code);
    return !runtime.isEmpty() && ContractAbi.bin("TestToken").contains(runtime);
  }

  @Override
  public FeeCapHits feeCapHits() {
    return tx.feeCapHits();
  }

  @Override
  public CompletableFuture<DealInfo> awaitDealLeavesOpen(BigInteger dealId, long lastBlock) {
    HeadWatch<DealInfo> watch =
        new HeadWatch<>(
            web3,
            options.pollInterval(),
            "waiting for deal " + dealId + " to leave Open",
            head -> {
              DealInfo d = deal(dealId);
              return d.state() != DealState.OPEN || head > lastBlock ? d : null;
            });
    synchronized (followers) {
      followers.add(watch);
    }
    watch
        .result()
        .whenComplete(
            (d, e) -> {
              synchronized (followers) {
                followers.remove(watch);
              }
            });
    return watch.result();
  }

  @Override
  public TxResult registerProvider(ProviderOffer offer, BigInteger stake) {
    return registry(Calls.offer("register", offer), Amounts.check(stake, "stake"));
  }

  @Override
  public TxResult updateProvider(ProviderOffer offer) {
    return registry(Calls.offer("update", offer), BigInteger.ZERO);
  }

  @Override
  public TxResult retireProvider() {
    return registry(Calls.noArgs("retire"), BigInteger.ZERO);
  }

  @Override
  public TxResult withdrawStake() {
    return registry(Calls.noArgs("withdrawStake"), BigInteger.ZERO);
  }

  @Override
  public Optional<ProviderInfo> provider(String address) {
    return Reads.provider(this, Addresses.check(address, "provider"));
  }

  @Override
  public List<ProviderInfo> providers() {
    long n =
        ((BigInteger) view(deployment.registry(), Calls.view("providerCount")).get(0).getValue())
            .longValueExact();
    List<ProviderInfo> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      String a = (String) view(deployment.registry(), Calls.providerAt(i)).get(0).getValue();
      provider(a).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public DealInfo openDeal(DealTerms terms) {
    byte[] cid = PieceCids.toBytes(terms.pieceCidV2());
    BigInteger total = terms.total();
    String token = terms.nativeCurrency() ? Addresses.ZERO : deployment.token();
    BigInteger value = terms.nativeCurrency() ? total : BigInteger.ZERO;
    if (!terms.nativeCurrency()) {
      approve(total);
    }
    TransactionReceipt r =
        send(
            deployment.market(),
            Calls.openDeal(cid, terms.periods(), terms.pricePerPeriod(), terms.provider(), token),
            value);
    for (var log : r.getLogs()) {
      ChainEvent e = abi.decodeEvent(log);
      if (e != null && e.name().equals("DealOpened")) {
        return deal(e.dealId());
      }
    }
    throw new ChainException(
        "openDeal " + r.getTransactionHash() + " logged no DealOpened", null, null);
  }

  private void approve(BigInteger amount) {
    BigInteger allowed =
        (BigInteger)
            view(deployment.token(), Calls.allowance(address(), deployment.market()))
                .get(0)
                .getValue();
    if (allowed.compareTo(amount) < 0) {
      send(deployment.token(), Calls.approve(deployment.market(), amount), BigInteger.ZERO);
    }
  }

  @Override
  public TxResult acceptDeal(BigInteger dealId) {
    DealInfo d = deal(dealId);
    if (!d.nativeCurrency() && !d.token().equals(deployment.token())) {
      // collateral would go to a token this node knows nothing about
      throw new IllegalStateException(
          "deal "
              + dealId
              + " pays in token "
              + d.token()
              + ", neither native currency nor the deployment's token "
              + deployment.token());
    }
    BigInteger collateral =
        d.pricePerPeriod()
            .multiply(BigInteger.valueOf(d.periods()))
            .multiply(BigInteger.valueOf(params.collateralPercent()))
            .divide(BigInteger.valueOf(100));
    return withCollateral(d, Calls.dealAction("acceptDeal", dealId), collateral);
  }

  private TxResult withCollateral(DealInfo d, Function f, BigInteger collateral) {
    if (d.nativeCurrency()) {
      return market(f, collateral);
    }
    approve(collateral);
    return market(f, BigInteger.ZERO);
  }

  @Override
  public TxResult cancelDeal(BigInteger dealId) {
    return market(Calls.dealAction("cancelDeal", dealId), BigInteger.ZERO);
  }

  @Override
  public DealInfo deal(BigInteger dealId) {
    return Reads.deal(this, dealId);
  }

  @Override
  public List<DealInfo> deals() {
    long n =
        ((BigInteger) view(deployment.market(), Calls.view("dealCount")).get(0).getValue())
            .longValueExact();
    List<DealInfo> out = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      out.add(deal(BigInteger.valueOf(i)));
    }
    return out;
  }

  @Override
  public long marketGenesis() {
    return genesisBlock;
  }

  @Override
  public long setOf(String provider, String client) {
    return Reads.setOf(
        this, Addresses.check(provider, "provider"), Addresses.check(client, "client"));
  }

  @Override
  public List<Long> setsOf(String provider) {
    return Reads.setsOf(this, Addresses.check(provider, "provider"));
  }

  @Override
  public boolean isProven(long setId, long period) {
    return (Boolean) view(deployment.market(), Calls.isProven(setId, period)).get(0).getValue();
  }

  @Override
  public List<Challenge> challenges() {
    long next = blockNumber() + 1;
    List<Challenge> out = new ArrayList<>();
    for (long setId : setsOf(address())) {
      Reads.challenge(this, setId, next).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<Challenge> challenge(long setId) {
    return Reads.challenge(this, setId, blockNumber() + 1);
  }

  @Override
  public TxResult provePeriod(byte[] calldata) {
    if (calldata == null || calldata.length < 4 + 96) {
      throw new IllegalArgumentException("provePeriod calldata is missing or too short");
    }
    return Transactor.result(
        tx.send(deployment.market(), Transactor.hex(calldata), BigInteger.ZERO, "provePeriod"));
  }

  @Override
  public TxResult terminateDeal(BigInteger dealId) {
    return market(Calls.dealAction("terminateDeal", dealId), BigInteger.ZERO);
  }

  @Override
  public TxResult proposeProvider(BigInteger dealId, String newProvider) {
    return market(
        Calls.proposeProvider(dealId, Addresses.check(newProvider, "new provider")),
        BigInteger.ZERO);
  }

  @Override
  public TxResult consentProvider(BigInteger dealId, String expectedProvider) {
    return market(
        Calls.consentProvider(dealId, Addresses.check(expectedProvider, "expected provider")),
        BigInteger.ZERO);
  }

  @Override
  public TxResult revokeConsent(BigInteger dealId) {
    return market(Calls.dealAction("revokeConsent", dealId), BigInteger.ZERO);
  }

  @Override
  public TxResult takeOverDeal(BigInteger dealId) {
    DealInfo d = deal(dealId);
    long left = d.endPeriod() - (params.periodOf(genesisBlock, blockNumber() + 1) + 1);
    BigInteger collateral =
        d.pricePerPeriod()
            .multiply(BigInteger.valueOf(Math.max(0, left)))
            .multiply(BigInteger.valueOf(params.collateralPercent()))
            .divide(BigInteger.valueOf(100));
    return withCollateral(d, Calls.dealAction("takeOverDeal", dealId), collateral);
  }

  @Override
  public TxResult setStorageTerms(long maxPeriods, long minPieceBytes, int maxDealsInFlight) {
    return registry(
        Calls.setStorageTerms(maxPeriods, minPieceBytes, maxDealsInFlight), BigInteger.ZERO);
  }

  @Override
  public StorageTerms storageTerms(String provider) {
    return Reads.storageTerms(this, Addresses.check(provider, "provider"));
  }

  @Override
  public TxResult settle(BigInteger dealId) {
    return market(Calls.dealAction("settle", dealId), BigInteger.ZERO);
  }

  @Override
  public TxResult withdraw(String token) {
    return market(
        Calls.withdraw(token == null ? Addresses.ZERO : Addresses.check(token, "token")),
        BigInteger.ZERO);
  }

  @Override
  public BigInteger withdrawable(String address, String token) {
    String t = token == null ? Addresses.ZERO : Addresses.check(token, "token");
    return (BigInteger)
        view(deployment.market(), Calls.withdrawable(Addresses.check(address, "account"), t))
            .get(0)
            .getValue();
  }

  @Override
  public AutoCloseable follow(long fromBlock, Consumer<ChainEvent> listener) {
    EventFollower f = new EventFollower(web3, abi, deployment, options, fromBlock, listener);
    synchronized (followers) {
      followers.add(f);
    }
    return f;
  }

  @Override
  public void close() {
    List<AutoCloseable> open;
    synchronized (followers) {
      open = List.copyOf(followers); // a watch that ends removes itself
      followers.clear();
    }
    for (AutoCloseable f : open) {
      try {
        f.close();
      } catch (Exception e) {
        // closing a follower or a watch only stops its thread or ends its wait
      }
    }
    web3.shutdown();
  }
}
