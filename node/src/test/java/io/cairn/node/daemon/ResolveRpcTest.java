package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.p2p.NameSystems;
import io.cairn.retrieval.ipns.LocalDnsServer;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v0/resolve}: Kubo's {@code {"Path": ...}} answer and errors. */
class ResolveRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon daemon;
  private LocalDnsServer dns;

  @BeforeEach
  void start() {
    dns = LocalDnsServer.start();
    System.setProperty(NameSystems.DNS_SERVERS, dns.hostAndPort());
    daemon = RpcWireTest.quietDaemon(dir);
  }

  @AfterEach
  void stop() {
    daemon.close();
    System.clearProperty(NameSystems.DNS_SERVERS);
    dns.close();
  }

  private RawHttp resolve(String path, String options) throws IOException {
    return RawHttp.post(
        daemon.apiAddress(),
        "/api/v0/resolve?arg=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + options,
        null,
        null);
  }

  /**
   * Adds {@code testfile.txt} wrapped in a directory; returns the file's and the directory's CIDs.
   */
  private String[] addWrapped(String query) throws IOException {
    RawHttp r =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/add?wrap-with-directory=true" + query,
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("testfile.txt", "Hello world".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    String[] lines = r.bodyText().strip().split("\n");
    return new String[] {
      JSON.readTree(lines[0]).get("Hash").asText(), JSON.readTree(lines[1]).get("Hash").asText()
    };
  }

  @Test
  void answersThePathOfTheBlockTheNameLeadsTo() throws IOException {
    String[] added = addWrapped("");

    RawHttp r = resolve("/ipfs/" + added[1] + "/testfile.txt", "");

    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(r.header("X-Chunked-Output")).isNull();
    assertThat(r.bodyText()).isEqualTo("{\"Path\":\"/ipfs/" + added[0] + "\"}\n");
    assertThat(JSON.readTree(resolve(added[1], "").body()).get("Path").asText())
        .isEqualTo("/ipfs/" + added[1]);
  }

  /** {@code dag/put} of dag-json as dag-pb; returns the CID. */
  private String putDagPb(String json) throws IOException {
    RawHttp r =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/dag/put?store-codec=dag-pb&input-codec=dag-json",
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("node", json.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body()).get("Cid").get("/").asText();
  }

  /**
   * kubo-rpc-client's dag.resolve test's nodes: a dag-pb node with data "derp" (not UnixFS) and a
   * link "foo" to a child; returns the node's CID and the child's.
   */
  private String[] derpAndChild() throws IOException {
    String child = putDagPb("{\"Data\":{\"/\":{\"bytes\":\"c29tZSBvdGhlciBkYXRh\"}},\"Links\":[]}");
    String parent =
        putDagPb(
            "{\"Data\":{\"/\":{\"bytes\":\"ZGVycA\"}},\"Links\":[{\"Hash\":{\"/\":\""
                + child
                + "\"},\"Name\":\"foo\",\"Tsize\":17}]}");
    return new String[] {parent, child};
  }

  /**
   * A dag-pb node whose data is not UnixFS is still walked by its link names, as Kubo walks it
   * (kubo-rpc-client's dag.resolve test: data "derp", a link "foo").
   */
  @Test
  void linkNamesOfADagPbNodeThatIsNotUnixFsAreFollowed() throws IOException {
    String[] nodes = derpAndChild();
    String parent = nodes[0];
    String child = nodes[1];

    RawHttp dag =
        RawHttp.post(daemon.apiAddress(), "/api/v0/dag/resolve?arg=" + parent + "/foo", null, null);
    assertThat(dag.status()).as(dag.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(dag.body()).get("Cid").get("/").asText()).isEqualTo(child);
    RawHttp r = resolve("/ipfs/" + parent + "/foo", "");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + child);
  }

  private RawHttp dag(String command, String arg) throws IOException {
    return RawHttp.post(
        daemon.apiAddress(),
        "/api/v0/dag/" + command + "?arg=" + URLEncoder.encode(arg, StandardCharsets.UTF_8),
        null,
        null);
  }

  /**
   * In an {@code /ipfs/} path (or a bare CID's) {@code Data} and {@code Links} of a dag-pb node are
   * link names, as Kubo's UnixFS resolver reads them; an {@code /ipld/} path walks the data model.
   */
  @Test
  void dagPbFieldsArePathFieldsOnlyInIpldPaths() throws IOException {
    String[] nodes = derpAndChild();
    String parent = nodes[0];
    String child = nodes[1];
    String dir = addWrapped("")[1];

    for (String root : new String[] {parent, dir}) {
      for (String arg : new String[] {root + "/Links/0/Hash", "/ipfs/" + root + "/Data"}) {
        RawHttp r = dag("resolve", arg);
        assertThat(r.status()).as(arg).isEqualTo(500);
        String name = arg.endsWith("Data") ? "Data" : "Links";
        assertThat(JSON.readTree(r.body()).get("Message").asText())
            .isEqualTo("no link named \"" + name + "\" under " + root);
      }
      assertThat(dag("get", root + "/Links").status()).isEqualTo(500);
      assertThat(resolve("/ipfs/" + root + "/Links/0/Hash", "").status()).isEqualTo(500);
    }

    RawHttp hash = dag("resolve", "/ipld/" + parent + "/Links/0/Hash");
    assertThat(hash.status()).as(hash.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(hash.body()).get("Cid").get("/").asText()).isEqualTo(child);
    assertThat(JSON.readTree(hash.body()).get("RemPath").asText()).isEmpty();
    RawHttp name = dag("resolve", "/ipld/" + parent + "/Links/0/Name");
    assertThat(JSON.readTree(name.body()).get("Cid").get("/").asText()).isEqualTo(parent);
    assertThat(JSON.readTree(name.body()).get("RemPath").asText()).isEqualTo("/Links/0/Name");
    assertThat(dag("get", "/ipld/" + parent + "/Links/0/Name").bodyText()).isEqualTo("\"foo\"");
    assertThat(dag("resolve", "/ipld/" + parent + "/foo").status()).isEqualTo(500);
  }

  /**
   * What Kubo's {@code resolve} takes (boxo's {@code NewPathFromURI}, then {@code PathOrCidPath}):
   * a content path, a bare {@code <cid>[/path]}, and a native URI, {@code ipfs://}, {@code ipld://}
   * or {@code ipns://}, with or without the {@code //}, its scheme in any case.
   */
  @Test
  void acceptsWhatKuboAcceptsNativeUrisIncluded() throws IOException {
    String[] added = addWrapped("");
    String rest = added[1] + "/testfile.txt";

    for (String arg :
        new String[] {rest, "ipfs://" + rest, "IPFS://" + rest, "ipfs:" + rest, "Ipfs:" + rest}) {
      RawHttp r = resolve(arg, "");
      assertThat(r.status()).as(arg + ": " + r.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + added[0]);
    }
    for (String arg : new String[] {"ipld://" + added[1], "IPLD:" + added[1]}) {
      RawHttp r = resolve(arg, "");
      assertThat(r.status()).as(arg + ": " + r.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipld/" + added[1]);
    }
    dns.dnsLink("example.com", 60, "/ipfs/" + added[1]);
    for (String arg : new String[] {"ipns://example.com", "IPNS:example.com"}) {
      RawHttp r = resolve(arg, "");
      assertThat(r.status()).as(arg + ": " + r.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + added[1]);
    }
  }

  @Test
  void cidBaseReencodesTheCid() throws IOException {
    String[] added = addWrapped("&cid-version=1");
    String expected = Cid.parse(added[0]).toString(Multibase.BASE64_URL);

    RawHttp r = resolve("/ipfs/" + added[1] + "/testfile.txt", "&cid-base=base64url");

    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + expected);
    assertThat(resolve("/ipfs/" + added[1], "&cid-base=nope").status()).isEqualTo(400);
  }

  @Test
  void aDnsLinkNameResolvesThroughItsTxtRecordForResolveNameResolveAndCat() throws IOException {
    String[] added = addWrapped("");
    dns.dnsLink("docs.example.org", 60, "/ipfs/" + added[1]);
    dns.dnsLink("www.example.org", 60, "/ipns/docs.example.org");

    RawHttp r = resolve("/ipns/www.example.org/testfile.txt", "");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + added[0]);

    RawHttp name =
        RawHttp.post(daemon.apiAddress(), "/api/v0/name/resolve?arg=www.example.org", null, null);
    assertThat(name.status()).as(name.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(name.body()).get("Path").asText()).isEqualTo("/ipfs/" + added[1]);
    RawHttp oneStep =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/name/resolve?arg=/ipns/www.example.org&recursive=false",
            null,
            null);
    assertThat(JSON.readTree(oneStep.body()).get("Path").asText())
        .isEqualTo("/ipns/docs.example.org");

    RawHttp cat =
        RawHttp.post(
            daemon.apiAddress(), "/api/v0/cat?arg=/ipns/www.example.org/testfile.txt", null, null);
    assertThat(cat.status()).as(cat.bodyText()).isEqualTo(200);
    assertThat(cat.bodyText()).isEqualTo("Hello world");
  }

  @Test
  void aMissingLinkAndADnsLinkNameAreErrorsThatSayWhy() throws IOException {
    String[] added = addWrapped("");

    RawHttp missing = resolve("/ipfs/" + added[1] + "/nope", "");
    assertThat(missing.status()).isEqualTo(500);
    JsonNode error = JSON.readTree(missing.body());
    assertThat(error.get("Message").asText()).isEqualTo("no link named \"nope\" under " + added[1]);
    assertThat(error.get("Type").asText()).isEqualTo("error");

    RawHttp ipns = resolve("/ipns/example.com", "");
    assertThat(ipns.status()).isEqualTo(500);
    assertThat(JSON.readTree(ipns.body()).get("Message").asText())
        .startsWith("DNSLink lookup for \"example.com\" failed")
        .contains("could not find a TXT record");
  }
}
