package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the CLI's client sends the daemon. */
class RemoteApiTest {
  @Test
  void namesAnIpv6DaemonInBracketsInTheHostHeader() throws Exception {
    InetAddress loopback6 = InetAddress.getByName("::1");
    try (ServerSocket server = new ServerSocket(0, 1, loopback6)) {
      CompletableFuture<List<String>> head =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket s = server.accept()) {
                  var in =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                  List<String> lines = new ArrayList<>();
                  for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                    lines.add(l);
                  }
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  return lines;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      var api = new RemoteApi(new InetSocketAddress(loopback6, server.getLocalPort()), null, "t");

      List<JsonNode> got = new ArrayList<>();
      api.call(
          ApiRequest.to("version").build(),
          new ResultSink() {
            @Override
            public void value(JsonNode value) {
              got.add(value);
            }

            @Override
            public OutputStream binary(long length) {
              return OutputStream.nullOutputStream();
            }
          });

      assertThat(head.get()).contains("Host: [0:0:0:0:0:0:0:1]:" + server.getLocalPort());
      assertThat(api.authority()).isEqualTo("[0:0:0:0:0:0:0:1]:" + server.getLocalPort());
    }
  }
}
