package io.cairn.chain;

import io.cairn.storage.testing.JsReference;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;

/**
 * A test contract (from {@code chain/src/test/solidity}) deployed on a fresh Anvil, called through
 * {@code eth_call}; a revert comes back as a {@link ChainException} naming the custom error.
 */
final class Probe implements AutoCloseable {
  final Anvil anvil;
  final Web3j web3;
  final DevRpc dev;
  final String address;
  private final Transactor transactor;

  Probe(String contract) {
    this.anvil = Anvil.start(Anvil.locate(JsReference.projectRoot()), 0, null, 0);
    this.web3 = Web3j.build(new HttpService(anvil.rpc().toString()));
    this.dev = new DevRpc(anvil.rpc());
    this.transactor =
        new Transactor(
            web3,
            Credentials.create(anvil.devPrivateKeys().get(0)),
            31337,
            Duration.ofMillis(20),
            new ContractAbi(contract));
    this.address =
        transactor
            .send(null, "0x" + ContractAbi.bin(contract), BigInteger.ZERO, "deploy " + contract)
            .getContractAddress();
  }

  /** Calls {@code f} on the probe at the latest block and decodes its outputs. */
  @SuppressWarnings("rawtypes")
  List<Type> call(Function f) {
    String out = transactor.call(address, Calls.encode(f), f.getName());
    return FunctionReturnDecoder.decode(out, f.getOutputParameters());
  }

  long blockNumber() {
    try {
      return web3.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new ChainException("eth_blockNumber failed: " + e.getMessage(), e);
    }
  }

  /** {@code eth_getBlockByNumber}'s raw answer for block {@code n}. */
  Map<?, ?> block(long n) {
    try {
      var r =
          new Request<>(
                  "eth_getBlockByNumber",
                  List.of("0x" + Long.toHexString(n), false),
                  new HttpService(anvil.rpc().toString()),
                  BlockHeaders.BlockResponse.class)
              .send();
      if (r.hasError() || r.getResult() == null) {
        throw new IllegalStateException("block " + n + " is not there");
      }
      return r.getResult();
    } catch (IOException e) {
      throw new ChainException("eth_getBlockByNumber failed: " + e.getMessage(), e);
    }
  }

  /** The code at {@code address} at the latest block, hex. */
  String code(String address) {
    try {
      return web3.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
    } catch (IOException e) {
      throw new ChainException("eth_getCode failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    web3.shutdown();
    anvil.close();
  }
}
