package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;

/**
 * Headers rebuilt from real {@code eth_getBlockByNumber} answers: Anvil 1.7 with {@code --hardfork
 * prague}, and Ethereum mainnet block 23,094,898 (Prague, with a blob and builder extra data).
 */
class BlockHeadersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"anvil-prague-0", "anvil-prague-1", "anvil-prague-3", "mainnet-23094898"})
  void rebuildsHeadersThatHashToTheBlockHash(String name) {
    Map<String, Object> block = block(name);
    long number = Long.decode((String) block.get("number"));

    byte[] rlp = BlockHeaders.encode(number, block);

    assertThat(HexFormat.of().formatHex(Hash.sha3(rlp))).isEqualTo(hex(block, "hash"));
    List<?> fields = ((RlpList) RlpDecoder.decode(rlp).getValues().get(0)).getValues();
    assertThat(fields).hasSize(21);
    assertThat(HexFormat.of().formatHex(((RlpString) fields.get(13)).getBytes()))
        .as("mixHash is field 13, where Randomness.sol reads it")
        .isEqualTo(hex(block, "mixHash"));
    assertThat(((RlpString) fields.get(8)).asPositiveBigInteger().longValueExact())
        .isEqualTo(number);
  }

  @Test
  void encodesZeroAsTheEmptyStringAndTheNonceAsEightBytes() {
    byte[] rlp = BlockHeaders.encode(0, block("anvil-prague-0"));

    List<?> fields = ((RlpList) RlpDecoder.decode(rlp).getValues().get(0)).getValues();
    assertThat(((RlpString) fields.get(7)).getBytes()).as("difficulty 0").isEmpty();
    assertThat(((RlpString) fields.get(8)).getBytes()).as("number 0").isEmpty();
    assertThat(((RlpString) fields.get(14)).getBytes()).as("nonce").hasSize(8);
  }

  @Test
  void refusesAHeaderWithAFieldItDoesNotKnow() {
    // A chain one fork ahead: its header has one more field, which the answer shows but this
    // encoder leaves out, so the rebuilt header no longer hashes to the block hash. Dropping a
    // field the hash covers (here requestsHash) stands for it without inventing a fork.
    Map<String, Object> block = block("mainnet-23094898");
    block.remove("requestsHash");

    assertThatThrownBy(() -> BlockHeaders.encode(23094898, block))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("block 23094898")
        .hasMessageContaining("header encoding does not match");
  }

  @Test
  void refusesAnAnswerWhoseFieldWasChanged() {
    Map<String, Object> block = block("anvil-prague-1");
    block.put("gasUsed", "0x5209");

    assertThatThrownBy(() -> BlockHeaders.encode(1, block))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("header encoding does not match");
  }

  @Test
  void refusesAnAnswerWithoutARequiredField() {
    Map<String, Object> block = block("anvil-prague-1");
    block.remove("stateRoot");

    assertThatThrownBy(() -> BlockHeaders.encode(1, block))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("no header field stateRoot");
  }

  @Test
  void fetchesTheBlockOverJsonRpc() throws IOException {
    String answer = new String(resource("mainnet-23094898"), StandardCharsets.UTF_8);
    try (Node node = new Node(answer)) {
      byte[] rlp = BlockHeaders.rlpHeader(node.web3, 23094898);

      assertThat(HexFormat.of().formatHex(Hash.sha3(rlp)))
          .isEqualTo(hex(block("mainnet-23094898"), "hash"));
      assertThat(node.request).contains("\"eth_getBlockByNumber\"").contains("\"0x1606672\"");
    }
  }

  @Test
  void saysWhenTheBlockDoesNotExist() throws IOException {
    try (Node node = new Node("null")) {
      assertThatThrownBy(() -> BlockHeaders.rlpHeader(node.web3, 99))
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("block 99 does not exist");
    }
  }

  /** A JSON-RPC node on 127.0.0.1 that answers every request with {@code result}. */
  private static final class Node implements AutoCloseable {
    final HttpServer server;
    final Web3j web3;
    volatile String request = "";

    Node(String result) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long id = JSON.readTree(request).get(0).get("id").asLong();
            byte[] body =
                ("[{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}]")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      web3 =
          Web3j.build(new HttpService("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @Override
    public void close() {
      web3.shutdown();
      server.stop(0);
    }
  }

  private static String hex(Map<String, Object> block, String field) {
    return ((String) block.get(field)).substring(2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> block(String name) {
    try {
      return new LinkedHashMap<>(JSON.readValue(resource(name), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = BlockHeadersTest.class.getResourceAsStream("headers/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("no recorded header " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
