package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's global {@code timeout} over the wire: a command's body reads and result writes stop at the
 * deadline, not only its network fetches (those are {@link P2pRpcTest}'s).
 */
class RpcDeadlineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path dir;
  private Daemon daemon;

  @BeforeEach
  void start() {
    daemon = RpcWireTest.quietDaemon(dir);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private RawHttp post(String target) throws IOException {
    return RawHttp.api(daemon, target);
  }

  private RawHttp upload(String target, String name, byte[] data) throws IOException {
    return RawHttp.apiUpload(daemon, target, name, data);
  }

  private static JsonNode json(RawHttp r) throws IOException {
    return JSON.readTree(r.body());
  }

  /**
   * Kubo's {@code timeout} stops local work too, not only network fetches: a deadline already
   * passed ({@code 0s}) stops an {@code add} before it reads its body and a {@code cat} of a local
   * file before it writes, with Kubo's error.
   */
  @Test
  void aPassedDeadlineStopsLocalAddAndCat() throws IOException {
    byte[] hello = "hello world\n".getBytes(StandardCharsets.UTF_8);
    RawHttp add = upload("add?timeout=0s", "hello.txt", hello);
    assertThat(add.status()).as(add.bodyText()).isEqualTo(500);
    assertThat(json(add).get("Message").asText()).isEqualTo("context deadline exceeded");
    assertThat(json(post("pin/ls")).get("Keys").has(HELLO)).isFalse();

    assertThat(upload("add", "hello.txt", hello).status()).isEqualTo(200);
    RawHttp cat = post("cat?arg=" + HELLO + "&timeout=0s");
    assertThat(cat.status()).as(cat.bodyText()).isEqualTo(500);
    assertThat(json(cat).get("Message").asText()).isEqualTo("context deadline exceeded");
    assertThat(post("cat?arg=" + HELLO + "&timeout=1m").bodyText()).isEqualTo("hello world\n");
  }

  /**
   * An {@code add} whose body stalls past the deadline stops there, with Kubo's error, instead of
   * importing whatever comes later.
   */
  @Test
  void aDeadlineStopsAnAddWhoseBodyStalls() throws Exception {
    byte[] body = RpcWireTest.multipart("slow.bin", TestData.bytes(11, 256 * 1024));
    int first = 64 * 1024;
    try (Socket s = new Socket(daemon.apiAddress().getAddress(), daemon.apiAddress().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(RpcWireTest.uploadHead("add?timeout=300ms", body.length));
      out.write(body, 0, first);
      out.flush();
      Thread.sleep(1500);
      out.write(body, first, body.length - first);
      out.flush();
      RawHttp r = RawHttp.read(s.getInputStream());
      assertThat(r.status()).as(r.bodyText()).isEqualTo(500);
      assertThat(json(r).get("Message").asText()).isEqualTo("context deadline exceeded");
    }
    assertThat(json(post("pin/ls")).get("Keys").size()).isZero();
  }
}
