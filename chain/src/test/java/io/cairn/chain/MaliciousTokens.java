package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * TEST ONLY: a deployed {@code MaliciousToken} (chain/src/test/solidity), which acts as a market's
 * client through {@code execute} and, once armed, calls the market's {@code withdraw} again from
 * inside the market's token transfer. Both markets' re-entry tests use it.
 */
final class MaliciousTokens {
  final Transactor owner;
  final String token;

  private MaliciousTokens(Transactor owner, String token) {
    this.owner = owner;
    this.token = token;
  }

  static MaliciousTokens deploy(Transactor owner) {
    String bin = "0x" + ContractAbi.bin("MaliciousToken");
    return new MaliciousTokens(
        owner,
        owner.send(null, bin, BigInteger.ZERO, "deploy MaliciousToken").getContractAddress());
  }

  /** Mints {@code amount} to the token contract itself, the client of the test. */
  void mintToItself(BigInteger amount) {
    owner.send(token, Calls.encode(Calls.mint(token, amount)), BigInteger.ZERO, "mint");
  }

  /** Has the token contract call {@code f} on {@code target}. */
  void execute(String target, Function f) {
    byte[] data = Numeric.hexStringToByteArray(Calls.encode(f));
    Function exec =
        Calls.fn("execute", List.of(Calls.addr(target), new DynamicBytes(data)), Calls.out());
    owner.send(token, Calls.encode(exec), BigInteger.ZERO, f.getName());
  }

  Object read(String name, TypeReference<?> out, Type... args) {
    Function f = Calls.fn(name, List.of(args), Calls.out(out));
    return FunctionReturnDecoder.decode(
            owner.call(token, Calls.encode(f), name), f.getOutputParameters())
        .get(0)
        .getValue();
  }

  /**
   * Arms the token against {@code market}, has it withdraw the {@code credit} the market holds for
   * it, and checks that the nested withdraw was refused ({@code ReentrantCall}) and the credit paid
   * exactly once.
   */
  void assertWithdrawReentryRefused(String market, BigInteger credit) {
    owner.send(
        token,
        Calls.encode(Calls.fn("arm", List.of(Calls.addr(market)), Calls.out())),
        BigInteger.ZERO,
        "arm");
    execute(market, Calls.withdraw(token));

    assertThat(read("reentryAttempts", Calls.U256)).isEqualTo(BigInteger.ONE);
    assertThat(read("reentered", Calls.BOOL)).isEqualTo(false);
    byte[] error = (byte[]) read("reentryError", Calls.BYTES);
    assertThat(Transactor.hex(error)).isEqualTo("0x" + ContractAbi.selector("ReentrantCall()"));
    assertThat(read("balanceOf", Calls.U256, Calls.addr(token))).isEqualTo(credit);
    assertThat(read("balanceOf", Calls.U256, Calls.addr(market))).isEqualTo(BigInteger.ZERO);
  }
}
