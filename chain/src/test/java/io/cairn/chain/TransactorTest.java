package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** What a caller sees when the chain's endpoint answers with an HTTP error instead of JSON-RPC. */
class TransactorTest {
  private static final String KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  private static final String TO = "0x000000000000000000000000000000000000dead";

  @Test
  void anHttpErrorOfTheEndpointNamesTheCallTheMethodAndTheStatus() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = "upstream unavailable".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Web3j web3 =
        Web3j.build(new HttpService("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    try {
      Transactor tx =
          new Transactor(
              web3,
              Credentials.create(KEY),
              31337,
              Duration.ofMillis(20),
              new ContractAbi("StorageMarket"));
      assertThatThrownBy(() -> tx.call(TO, "0x70a08231", "balanceOf"))
          .isInstanceOf(ChainException.class)
          .hasMessageStartingWith(
              "balanceOf: eth_call: the chain's node answered with an HTTP error: ")
          .hasMessageContaining("503");
      assertThatThrownBy(() -> tx.send(TO, "0x", BigInteger.ONE, "send native"))
          .isInstanceOf(ChainException.class)
          .hasMessageStartingWith(
              "send native: eth_estimateGas: the chain's node answered with an HTTP error: ")
          .hasMessageContaining("503");
    } finally {
      web3.shutdown();
      server.stop(0);
    }
  }
}
