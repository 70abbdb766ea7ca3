package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiCommands;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS on the API port as Kubo's server (rs/cors under go-ipfs-cmds) answers it: the origins listed
 * in {@code API.HTTPHeaders.Access-Control-Allow-Origin} are a list to check a page's Origin
 * against, and a response names the one origin that asked, since a browser refuses a response that
 * names several; a preflight from an allowed origin is granted the method and headers it asked for.
 */
class ApiCorsTest {
  private static final String WEBUI = "https://webui.example";
  private static final String DEV = "http://localhost:3000";

  private final HttpClient http = HttpClient.newHttpClient();
  private ApiServer server;

  /** A command that answers one value, as {@code version} does. */
  private static final class Ping implements ApiCommand {
    @Override
    public String path() {
      return "ping";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      res.emitOnce(Map.of("Pong", true));
    }
  }

  @BeforeEach
  void start() {
    server =
        new ApiServer(
            new ApiServerOptions(
                new InetSocketAddress("127.0.0.1", 0),
                Map.of(
                    "Access-Control-Allow-Origin",
                    List.of(WEBUI, DEV),
                    "X-Special",
                    List.of("yes")),
                Map.of()),
            new ApiCommands(List.of(new Ping())),
            null,
            List.of(),
            RequestListener.NONE);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + "/api/v0/ping");
  }

  private HttpResponse<String> post(String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> preflight(String origin, String method, String headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri())
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method);
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aResponseNamesTheOneAllowedOriginThatAsked() throws Exception {
    for (String origin : List.of(WEBUI, DEV, uri().resolve("/").toString().replaceAll("/$", ""))) {
      HttpResponse<String> r = post(origin);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly(origin);
      assertThat(r.headers().allValues("Vary")).contains("Origin");
      assertThat(r.headers().firstValue("X-Special")).contains("yes");
    }
  }

  @Test
  void aRequestWithoutAnOriginGetsNoCorsGrant() throws Exception {
    HttpResponse<String> r = post(null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
    assertThat(r.headers().firstValue("X-Special")).contains("yes");
  }

  @Test
  void aPreflightFromAnAllowedOriginIsGranted() throws Exception {
    HttpResponse<String> r = preflight(DEV, "POST", "content-type");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly(DEV);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
  }

  @Test
  void aPreflightFromAnotherOriginOrForAnotherMethodIsNotGranted() throws Exception {
    assertThat(
            preflight("https://evil.example", "POST", null)
                .headers()
                .allValues("Access-Control-Allow-Origin"))
        .isEmpty();
    assertThat(preflight(DEV, "DELETE", null).headers().allValues("Access-Control-Allow-Origin"))
        .isEmpty();
    assertThat(
            preflight(DEV, "POST", "x-custom").headers().allValues("Access-Control-Allow-Origin"))
        .isEmpty();
  }
}
