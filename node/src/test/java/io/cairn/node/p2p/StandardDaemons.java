package io.cairn.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.RepoPaths;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.storage.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Daemons as {@code cairn daemon} runs them (the network, the gateway, the pinning service), for
 * new repos made with the {@code test} profile (API, gateway and swarm on 127.0.0.1, ports the
 * system picks); a test's extension ({@code @RegisterExtension}) that stops them after each test.
 */
final class StandardDaemons implements AfterEachCallback {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOUNDARY = "cairn-boundary";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Daemon> daemons = new ArrayList<>();

  /** Starts a daemon for a new repo at {@code repo}. */
  Daemon start(Path repo) {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    Daemon d =
        Daemon.start(
            new RepoPaths(repo),
            DaemonOptions.standard(true, List.of("test"), any, any, false),
            new PrintStream(OutputStream.nullOutputStream()));
    daemons.add(d);
    return d;
  }

  static NodeNetwork net(Daemon d) {
    return d.service(NodeNetwork.class).orElseThrow();
  }

  /** Connects {@code from} to {@code to} (a dial from {@code from}). */
  static void connect(Daemon from, Daemon to) throws Exception {
    net(from)
        .p2p()
        .host()
        .connect(net(to).p2p().peerId(), net(to).p2p().dialAddresses())
        .get(10, TimeUnit.SECONDS);
  }

  /** POSTs an RPC API call without a body ({@code target}: {@code cat?arg=...}). */
  HttpResponse<byte[]> post(Daemon d, String target) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.apiAddress().getPort() + "/api/v0/" + target))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Adds {@code data} as one file through the RPC API with {@code options} ("" or "?..."). */
  Cid add(Daemon d, String options, byte[] data) throws IOException, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(data);
    body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + d.apiAddress().getPort() + "/api/v0/add" + options))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String[] lines = r.body().trim().split("\n");
    return Cid.parse(JSON.readTree(lines[lines.length - 1]).path("Hash").asText());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    daemons.forEach(Daemon::close);
    daemons.clear();
  }
}
