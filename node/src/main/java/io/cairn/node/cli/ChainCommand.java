package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.chain.ChainAccount;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.chain.ChainAccounts;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn chain}: the node's chain connection and account. */
@Command(
    name = "chain",
    description = {
      "The chain that holds deals, proofs and payments, and this node's account on it.",
      "Chain.Mode dev (the default) runs a local dev chain with the daemon; rpc uses"
          + " Chain.RpcUrl and Chain.Contracts; off runs without a chain."
    },
    subcommands = {
      ChainCommand.Status.class,
      ChainCommand.Account.class,
      ChainCommand.Withdraw.class,
      ChainCommand.Faucet.class
    })
final class ChainCommand extends GroupCommand {

  @Command(name = "status", description = "Show the chain, the account, balances and proving.")
  static final class Status implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("chain/status").build(),
          v -> {
            if (!v.path("Connected").asBoolean()) {
              ctx.out().println("Mode:     " + v.path("Mode").asText());
              ctx.out().println("Status:   " + v.path("Message").asText());
              return;
            }
            ctx.out().println("Mode:     " + v.path("Mode").asText());
            ctx.out().println("Endpoint: " + v.path("Endpoint").asText());
            ctx.out().println("Chain:    " + v.path("ChainId").asLong());
            ctx.out().println("Block:    " + v.path("Block").asLong());
            ctx.out().println("Account:  " + v.path("Account").asText());
            ctx.out().println("Balance:  " + v.path("Balance").asText() + " wei");
            ctx.out().println("Tokens:   " + v.path("TokenBalance").asText());
            ctx.out()
                .println(
                    "Withdrawable: "
                        + v.path("Withdrawable").asText()
                        + " tokens, "
                        + v.path("WithdrawableNative").asText()
                        + " wei");
            JsonNode c = v.path("Contracts");
            ctx.out().println("StorageMarket:    " + c.path("StorageMarket").asText());
            ctx.out().println("ComputeMarket:    " + c.path("ComputeMarket").asText());
            ctx.out().println("ProviderRegistry: " + c.path("ProviderRegistry").asText());
            ctx.out().println("TestToken:        " + c.path("TestToken").asText());
            JsonNode m = v.path("Market");
            ctx.out()
                .println(
                    "Periods: "
                        + m.path("PeriodBlocks").asInt()
                        + " blocks, proof window "
                        + m.path("WindowBlocks").asInt()
                        + " blocks, "
                        + m.path("ChallengesPerProof").asInt()
                        + " challenges per proof");
            if (v.has("Provider")) {
              JsonNode p = v.path("Provider");
              ctx.out()
                  .println(
                      "Provider: "
                          + (p.path("Active").asBoolean() ? "active" : "retired")
                          + ", stake "
                          + p.path("Stake").asText()
                          + " wei ("
                          + p.path("FreeStake").asText()
                          + " free)"
                          + ", periods proven "
                          + p.path("PeriodsProven").asLong()
                          + ", faulted "
                          + p.path("PeriodsFaulted").asLong()
                          + ", deals completed "
                          + p.path("DealsCompleted").asLong()
                          + ", failed "
                          + p.path("DealsFailed").asLong());
            }
            if (v.has("Proving")) {
              JsonNode p = v.path("Proving");
              ctx.out()
                  .println(
                      "Proving since start: "
                          + p.path("PeriodsProven").asLong()
                          + " periods proven, "
                          + p.path("ProofsFailed").asLong()
                          + " proofs failed, "
                          + p.path("DealsAccepted").asLong()
                          + " deals accepted");
            }
          });
    }
  }

  @Command(
      name = "account",
      description = {
        "The node's chain account: a secp256k1 key in a web3j keystore file (scrypt) under"
            + " chain/keystore in the repo.",
        "The password comes from $"
            + ChainAccounts.PASSWORD_ENV
            + "; without it a random one is kept in chain/password, readable only by you."
      },
      subcommands = {Account.New.class, Account.Import.class, Account.Show.class})
  static final class Account extends GroupCommand {
    @Command(name = "new", description = "Create the node's account with a new random key.")
    static final class New implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        ChainAccount a = ChainAccounts.create(ctx.paths());
        print(ctx, a);
      }
    }

    @Command(
        name = "import",
        description = "Make an existing private key the node's account (read from stdin).")
    static final class Import implements Runnable {
      @Mixin CommandContext ctx;

      @Parameters(
          paramLabel = "KEYFILE",
          arity = "0..1",
          description = "A file holding the hex private key (default: stdin).")
      java.nio.file.Path keyFile;

      @Override
      public void run() {
        String key;
        try {
          key =
              keyFile != null
                  ? java.nio.file.Files.readString(keyFile)
                  : new String(
                      ctx.out().in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
          throw new UserException("cannot read the private key: " + e.getMessage(), e);
        }
        ChainAccount a = ChainAccounts.importKey(ctx.paths(), key.strip());
        print(ctx, a);
      }
    }

    @Command(name = "show", description = "Print the node's account address and keystore file.")
    static final class Show implements Runnable {
      @Mixin CommandContext ctx;

      @Option(names = "--unlock", description = "Also check the password opens the keystore.")
      boolean unlock;

      @Override
      public void run() {
        var file =
            ChainAccounts.file(ctx.paths())
                .orElseThrow(
                    () ->
                        new UserException(
                            "this node has no chain account; create one with 'cairn chain"
                                + " account new' (the dev chain makes one on first start)"));
        String address;
        if (unlock) {
          address = ChainAccounts.load(ctx.paths()).address();
        } else {
          address = ChainAccounts.addressOf(file);
        }
        if (ctx.json()) {
          ctx.out().json(Map.of("Address", address, "Keystore", file.toString()));
        } else {
          ctx.out().println(address);
          ctx.out().err().println("keystore: " + file);
        }
      }
    }

    private static void print(CommandContext ctx, ChainAccount a) {
      if (ctx.json()) {
        ctx.out().json(Map.of("Address", a.address(), "Keystore", a.file().toString()));
      } else {
        ctx.out().println(a.address());
        ctx.out().err().println("keystore: " + a.file());
      }
    }
  }

  @Command(
      name = "withdraw",
      description = "Withdraw what the market owes this account (payments, refunds, collateral).")
  static final class Withdraw implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--native", description = "Withdraw native currency instead of tokens.")
    boolean nativeCurrency;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("chain/withdraw").option("native", nativeCurrency).build(),
          v ->
              ctx.out()
                  .println(
                      "withdrew "
                          + v.path("Amount").asText()
                          + " (tx "
                          + v.path("Tx").asText()
                          + ")"));
    }
  }

  @Command(
      name = "faucet",
      description = {
        "Give this node's account test tokens to pay deals with, on a Cairn dev chain.",
        "For a client in rpc mode that joined someone's dev chain: the chain's TestToken must be",
        "Cairn's dev deployment's, and any other chain is refused. An account with under 1 ETH",
        "also gets 10 ETH for gas, where the chain grants it (Anvil's anvil_setBalance)."
      })
  static final class Faucet implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        arity = "0..1",
        paramLabel = "AMOUNT",
        description = "Base units of the token (18 decimals; default 1000 tokens).")
    String amount;

    @Override
    public void run() {
      ApiRequest.Builder req = ApiRequest.to("chain/faucet");
      if (amount != null) {
        req.arg(amount);
      }
      ctx.print(
          req.build(),
          v ->
              ctx.out()
                  .println(
                      "minted "
                          + v.path("Amount").asText()
                          + " to "
                          + v.path("Account").asText()
                          + ", balance "
                          + v.path("TokenBalance").asText()
                          + (v.path("GasGranted").asText("0").equals("0")
                              ? ""
                              : ", and " + v.path("GasGranted").asText() + " wei for gas")
                          + " (tx "
                          + v.path("Tx").asText()
                          + ")"));
    }
  }
}
