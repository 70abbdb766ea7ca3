package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chain/faucet [AMOUNT]}: mints test tokens to the node's account, so a client that joined
 * someone's dev chain can pay for deals in the token. Only where the market's token is Cairn's
 * TestToken (a dev deployment's, whose {@code mint} is open to anyone); refused elsewhere.
 */
final class ChainFaucetRpc implements ApiCommand {
  /** 1000 tokens of 18 decimals. */
  static final BigInteger DEFAULT_AMOUNT = BigInteger.TEN.pow(21);

  /** Below 1 ETH an account is given gas money with the tokens: a new account has none. */
  static final BigInteger GAS_FLOOR = BigInteger.TEN.pow(18);

  /** 10 ETH of gas money, the price of thousands of deals at a dev chain's gas price. */
  static final BigInteger GAS_GRANT = BigInteger.TEN.pow(19);

  @Override
  public String path() {
    return "chain/faucet";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    BigInteger amount =
        req.arguments().isEmpty()
            ? DEFAULT_AMOUNT
            : ChainRpc.amount("amount", req.arguments().getFirst());
    if (amount.signum() == 0) {
      throw ApiException.client("the amount must be at least 1 base unit");
    }
    ChainClient c = ChainRpc.client(node);
    String token = c.deployment().token();
    if (!c.paysInTestToken()) {
      throw ApiException.client(
          "no faucet on this chain: the market's token "
              + token
              + " is not the TestToken of Cairn's dev deployment (only a dev chain's test token"
              + " can be minted)");
    }
    BigInteger gas = grantGas(c);
    TxResult r = c.mintTestToken(c.address(), amount);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Account", c.address());
    m.put("GasGranted", gas.toString());
    m.put("Token", token);
    m.put("Amount", amount.toString());
    m.put("TokenBalance", c.tokenBalance(c.address()).toString());
    m.put("Tx", r.hash());
    res.emit(m);
  }

  /**
   * Gives an account that cannot pay for gas 10 ETH, as dev faucets do: the mint, and every deal
   * after it, is a transaction. Only on a chain with Anvil's {@code anvil_setBalance}.
   *
   * @return the wei granted, 0 when the account had enough
   */
  private static BigInteger grantGas(ChainClient c) {
    BigInteger balance = c.nativeBalance(c.address());
    if (balance.compareTo(GAS_FLOOR) >= 0) {
      return BigInteger.ZERO;
    }
    if (!c.setDevBalance(c.address(), balance.add(GAS_GRANT))) {
      throw ApiException.client(
          "the account "
              + c.address()
              + " has "
              + balance
              + " wei, too little to pay for gas, and this chain does not grant any (it has no"
              + " anvil_setBalance): send it ETH from a funded account first");
    }
    return GAS_GRANT;
  }
}
