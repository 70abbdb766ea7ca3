package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that fail on the wire as Kubo's do: the status and Kubo's words, before any output. */
class KuboCommandErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path dir;

  private static RawHttp post(Daemon daemon, String target) throws IOException {
    return RawHttp.post(daemon.apiAddress(), "/api/v0/" + target, null, null);
  }

  private static JsonNode json(RawHttp r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** Kubo's get.go: compression without an archive takes one file; a directory fails up front. */
  @Test
  void compressedGetOfADirectoryWithoutArchiveIsKubosErrorBeforeAnyOutput() throws IOException {
    try (Daemon daemon = RpcWireTest.quietDaemon(dir)) {
      byte[] hello = "hello world\n".getBytes(StandardCharsets.UTF_8);
      String form = "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY;
      String target = "/api/v0/add?wrap-with-directory=true";
      RawHttp add =
          RawHttp.post(
              daemon.apiAddress(), target, form, RpcWireTest.multipart("hello.txt", hello));
      List<String> lines = add.bodyText().lines().toList();
      String tree = JSON.readTree(lines.get(lines.size() - 1)).get("Hash").asText();

      RawHttp get = post(daemon, "get?arg=" + tree + "&compress=true");
      assertThat(get.status()).isEqualTo(500);
      assertThat(json(get).get("Message").asText()).isEqualTo("file is not regular");
      assertThat(post(daemon, "get?arg=" + tree + "&compress=true&archive=true").status())
          .isEqualTo(200);
      assertThat(post(daemon, "get?arg=" + HELLO + "&compress=true").status()).isEqualTo(200);
    }
  }

  /** A daemon without its network (as {@code --offline}) says so, as Kubo's ErrNotOnline (500). */
  @Test
  void p2pCommandsOfADaemonWithoutItsNetworkSayItRunsOffline() throws IOException {
    try (Daemon daemon = RpcWireTest.quietDaemon(dir)) {
      for (String command : List.of("swarm/peers", "bitswap/stat", "routing/reprovide")) {
        RawHttp r = post(daemon, command);
        assertThat(r.status()).as(command).isEqualTo(500);
        assertThat(json(r).get("Message").asText())
            .as(command)
            .isEqualTo(
                "this command must be run in online mode: this daemon runs offline; restart it"
                    + " without --offline");
      }
    }
  }

  /** A path under a file names no link: Kubo's words exactly, as clients compare them. */
  @Test
  void aPathUnderAFileIsKubosNoLinkError() throws IOException {
    try (Daemon daemon = RpcWireTest.quietDaemon(dir)) {
      byte[] hello = "hello world\n".getBytes(StandardCharsets.UTF_8);
      String form = "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY;
      RawHttp.post(
          daemon.apiAddress(), "/api/v0/add", form, RpcWireTest.multipart("hello.txt", hello));
      RawHttp cat = post(daemon, "cat?arg=" + HELLO + "/does-not-exist");
      assertThat(cat.status()).isEqualTo(500);
      assertThat(json(cat).get("Message").asText())
          .isEqualTo("no link named \"does-not-exist\" under " + HELLO);
    }
  }
}
