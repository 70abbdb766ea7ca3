package io.cairn.chain;

import java.io.IOException;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Sends web3j's JSON-RPC requests so that every failure is a {@link ChainException} that names the
 * call it served ({@code what}: a contract function, "send native", …) and the JSON-RPC method that
 * failed ({@code eth_sendRawTransaction}, {@code eth_call}, …).
 */
final class JsonRpc {
  private JsonRpc() {}

  /**
   * The node's answer, which may be a JSON-RPC error.
   *
   * @throws ChainException when the node cannot be reached or answers no JSON-RPC (an HTTP error)
   */
  static <T extends Response<?>> T answer(Request<?, T> request, String what) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new ChainException(
          what + ": " + request.getMethod() + ": chain unreachable: " + e.getMessage(), e);
    } catch (ClientConnectionException e) {
      // web3j's unchecked exception for an answer that is no JSON-RPC (an HTTP 4xx or 5xx)
      throw new ChainException(
          what
              + ": "
              + request.getMethod()
              + ": the chain's node answered with an HTTP error: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The node's answer, which is no JSON-RPC error.
   *
   * @throws ChainException as {@link #answer}, and for a JSON-RPC error
   */
  static <T extends Response<?>> T result(Request<?, T> request, String what) {
    T response = answer(request, what);
    if (response.hasError()) {
      throw failed(what, request.getMethod(), response.getError());
    }
    return response;
  }

  /** A JSON-RPC error answer to {@code method}, sent for {@code what}. */
  static ChainException failed(String what, String method, Response.Error error) {
    return new ChainException(what + ": " + method + " failed: " + error.getMessage(), null, null);
  }
}
