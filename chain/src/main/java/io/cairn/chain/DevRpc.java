package io.cairn.chain;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/** The development chain's own RPC methods ({@code anvil_mine}, {@code evm_increaseTime}). */
final class DevRpc {
  /** A response whose result is not read. */
  static final class AnyResponse extends Response<Object> {}

  private final HttpService http;

  DevRpc(URI rpc) {
    this.http = new HttpService(rpc.toString());
  }

  boolean answers() {
    try {
      return !new Request<>("eth_chainId", List.of(), http, AnyResponse.class).send().hasError();
    } catch (IOException e) {
      return false;
    }
  }

  Object call(String method, Object... params) {
    try {
      AnyResponse r = new Request<>(method, List.of(params), http, AnyResponse.class).send();
      if (r.hasError()) {
        throw new ChainException(method + " failed: " + r.getError().getMessage(), null, null);
      }
      return r.getResult();
    } catch (IOException e) {
      throw new ChainException(method + " failed: " + e.getMessage(), e);
    }
  }
}
