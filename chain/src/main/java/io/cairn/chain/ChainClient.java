package io.cairn.chain;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The storage market on an EVM chain, seen by one account: provider registration, deals, proofs,
 * settlement and payments. Transactions are EIP-1559, gas-estimated first; a revert surfaces as a
 * {@link ChainException} naming the contract's custom error. Methods block until the transaction is
 * mined.
 */
public interface ChainClient extends AutoCloseable {
  /**
   * Connects {@code account} to the contracts of {@code options.deployment()}.
   *
   * @throws ChainException when the chain is unreachable
   * @throws IllegalStateException when its chain ID or contracts do not match the deployment
   */
  static ChainClient connect(ChainOptions options, ChainAccount account) {
    return Web3ChainClient.connect(options, account);
  }

  /**
   * Deploys TestToken, ProviderRegistry, StorageMarket and ComputeMarket wired together, the
   * compute market with {@link ComputeMarketParams#dev()}.
   */
  static Deployment deploy(URI rpc, ChainAccount deployer, MarketParams params) {
    return Deployer.deploy(rpc, deployer, params, ComputeMarketParams.dev());
  }

  /** Deploys TestToken, ProviderRegistry, StorageMarket and ComputeMarket wired together. */
  static Deployment deploy(
      URI rpc, ChainAccount deployer, MarketParams params, ComputeMarketParams compute) {
    return Deployer.deploy(rpc, deployer, params, compute);
  }

  /**
   * Asks the endpoint at {@code rpc} for its chain ID ({@code eth_chainId}).
   *
   * @throws ChainException when the endpoint is unreachable or does not answer
   */
  static long chainId(URI rpc) {
    return Web3ChainClient.chainId(rpc);
  }

  String address();

  long chainId();

  long blockNumber();

  MarketParams params();

  /** The compute market, seen by the same account over the same connection. */
  ComputeMarketClient compute();

  Deployment deployment();

  BigInteger nativeBalance(String address);

  /** Balance in the deployment's token. */
  BigInteger tokenBalance(String address);

  TxResult sendNative(String to, BigInteger wei);

  /** Mints the dev TestToken (anyone may: it is a development faucet). */
  TxResult mintTestToken(String to, BigInteger amount);

  /**
   * Sets an account's native balance with the development chain's own {@code anvil_setBalance}, as
   * a dev chain's faucet gives gas money. Only Anvil (and chains that copy its dev methods) has it.
   *
   * @return false if the chain has no such method (a real chain, or another dev chain)
   */
  boolean setDevBalance(String address, BigInteger wei);

  /**
   * Whether the deployment's payment token is Cairn's TestToken, whose {@code mint} is open to
   * anyone (its code on chain is the committed TestToken's), as in a dev deployment.
   */
  boolean paysInTestToken();

  /** Registers this account as a provider, staking {@code stake} wei. */
  TxResult registerProvider(ProviderOffer offer, BigInteger stake);

  TxResult updateProvider(ProviderOffer offer);

  TxResult retireProvider();

  /** Pays a retired provider its stake back once none of its deals is active. */
  TxResult withdrawStake();

  Optional<ProviderInfo> provider(String address);

  /** Every provider ever registered, retired ones included, in registration order. */
  List<ProviderInfo> providers();

  /** Opens a deal, approving the token first when needed; the whole fee is escrowed. */
  DealInfo openDeal(DealTerms terms);

  /** Accepts a deal offered to this account, locking the collateral (approved first). */
  TxResult acceptDeal(BigInteger dealId);

  /** Cancels an unaccepted deal of this account; the escrow becomes withdrawable. */
  TxResult cancelDeal(BigInteger dealId);

  /**
   * A deal.
   *
   * @throws ChainException ({@code UnknownDeal}) when there is none with that ID
   */
  DealInfo deal(BigInteger dealId);

  /** Every deal, by ID. */
  List<DealInfo> deals();

  /** The block the market was deployed in: periods are counted from it. */
  long marketGenesis();

  /** The proof set of {@code provider}'s pieces for {@code client}, 0 before their first deal. */
  long setOf(String provider, String client);

  /** The proof sets of {@code provider}, one per client, in the order they were created. */
  List<Long> setsOf(String provider);

  /** Whether set {@code setId}'s period {@code period} is proven. */
  boolean isProven(long setId, long period);

  /**
   * The challenges of this account's proof sets (one per client) whose window is open for the next
   * block, with the seed block's header and each set's pieces: the sets with nothing to prove or
   * already proven are left out.
   */
  List<Challenge> challenges();

  /** The challenge of set {@code setId} open for the next block, as {@link #challenges()}. */
  Optional<Challenge> challenge(long setId);

  /** Sends the proofs module's {@code provePeriod} calldata, as is, to the market. */
  TxResult provePeriod(byte[] calldata);

  /** Ends an active deal of this account (client or provider) after the notice periods. */
  TxResult terminateDeal(BigInteger dealId);

  /** The provider proposes another provider to take its deal over. */
  TxResult proposeProvider(BigInteger dealId, String newProvider);

  /**
   * The client consents to {@code expectedProvider}, the provider it saw proposed; the market
   * refuses if another is proposed by then.
   */
  TxResult consentProvider(BigInteger dealId, String expectedProvider);

  /** The client withdraws its consent before the deal is taken over. */
  TxResult revokeConsent(BigInteger dealId);

  /** The consented provider takes the deal over, locking collateral (approved first). */
  TxResult takeOverDeal(BigInteger dealId);

  /** Sets the storage deals this provider accepts (0: no limit for periods and deals). */
  TxResult setStorageTerms(long maxPeriods, long minPieceBytes, int maxDealsInFlight);

  StorageTerms storageTerms(String provider);

  /**
   * Settles up to 500 of a deal's periods that are proven or whose windows have passed (anyone
   * may); the provider is paid here.
   */
  TxResult settle(BigInteger dealId);

  /** Withdraws what the market holds for this account in {@code token} ({@code null}: native). */
  TxResult withdraw(String token);

  BigInteger withdrawable(String address, String token);

  /**
   * Delivers the contracts' events from {@code fromBlock} on, each once and in chain order, once
   * they are {@code confirmations} blocks deep; polls every {@code pollInterval}. A block range the
   * endpoint refuses is halved (down to one block) and grows back after answers. Closing the
   * returned handle stops it.
   */
  AutoCloseable follow(long fromBlock, Consumer<ChainEvent> listener);

  /**
   * How often the fee cap ({@link ChainOptions#maxFee()}) held this client's transactions back
   * since it connected: sends refused, and replacements withheld.
   */
  FeeCapHits feeCapHits();

  /**
   * Completes with the deal once it is no longer open (the provider accepted it, or it was
   * cancelled), or with its state when a block after {@code lastBlock} arrives first. Polls the
   * head every {@code pollInterval} and reads the deal at once and whenever the head has moved;
   * nothing blocks. Completes with a {@link ChainException} naming the JSON-RPC method when the
   * node answers an error, at once, or cannot be reached three polls in a row, and when this client
   * is closed.
   */
  CompletableFuture<DealInfo> awaitDealLeavesOpen(BigInteger dealId, long lastBlock);

  @Override
  void close();
}
