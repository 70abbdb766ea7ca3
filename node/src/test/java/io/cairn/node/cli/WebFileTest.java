package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How {@code add} tells a URL from a path, names a web file, and reads its body. */
class WebFileTest {
  @Test
  void anArgumentIsAUrlWithAnHttpSchemeAndAHostAsGoIpfsCmdsSays() {
    assertThat(WebFile.parse("http://example.com/a/b.txt")).isNotNull();
    assertThat(WebFile.parse("HTTPS://example.com")).isNotNull();
    assertThat(WebFile.parse("ftp://example.com/a")).isNull();
    assertThat(WebFile.parse("http:///no-host")).isNull();
    assertThat(WebFile.parse("/tmp/http://x")).isNull();
    assertThat(WebFile.parse("file.txt")).isNull();
    assertThat(WebFile.parse("http://bad host/")).isNull();
  }

  @Test
  void aWebFileIsNamedAfterTheLastPathSegmentOrTheHost() {
    assertThat(WebFile.name(URI.create("http://h/ipfs/QmX"))).isEqualTo("QmX");
    assertThat(WebFile.name(URI.create("http://h/a/b/"))).isEqualTo("b");
    assertThat(WebFile.name(URI.create("http://h/a%20b.txt?x=1"))).isEqualTo("a b.txt");
    assertThat(WebFile.name(URI.create("http://h:8080"))).isEqualTo("h:8080");
    assertThat(WebFile.name(URI.create("http://h"))).isEqualTo("h");
    assertThat(WebFile.name(URI.create("http://h/"))).isEqualTo("/");
  }

  @Test
  void aBodyShorterThanItsContentLengthIsAnError() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                  s.getInputStream().read(new byte[4096]);
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly these bytes"
                          .getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                  // the test fails on what the client saw
                }
              });
      URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/short");
      try (WebFile file = WebFile.open(url);
          InputStream in = file.part().content().open()) {
        assertThat(file.length()).isEqualTo(100);
        assertThatThrownBy(in::readAllBytes).hasMessageContaining("16 of 100 bytes");
      }
    }
  }
}
