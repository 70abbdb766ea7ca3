package io.cairn.node.daemon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a request names its command, arguments and files, as go-ipfs-cmds (v0.16, {@code
 * http/parse.go}) and boxo ({@code files/multipartfile.go}) read them for Kubo.
 */
class RpcRequestParsingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
  private static final String OUTER = "outer-boundary";
  private static final String FILE_ARG = "file argument ";
  private static final String IS = " is required";

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

  private String add(String name, String text) throws IOException {
    RawHttp r =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/add",
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart(name, text.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).isEqualTo(200);
    return JSON.readTree(r.body()).get("Hash").asText();
  }

  @Test
  void theLastPathSegmentIsTheFirstArgumentWhenItIsNoSubcommand() throws IOException {
    add("hello.txt", "hello world\n");
    String other = add("other.txt", "other\n");

    RawHttp cat = post("cat/" + HELLO);
    assertThat(cat.status()).isEqualTo(200);
    assertThat(cat.bodyText()).isEqualTo("hello world\n");

    // The path's argument comes first, then those of arg=.
    assertThat(post("cat/" + other + "?arg=" + HELLO).bodyText()).isEqualTo("other\nhello world\n");
    assertThat(post("cat/" + HELLO + "?arg=" + other).bodyText()).isEqualTo("hello world\nother\n");

    RawHttp pinned = post("pin/ls/" + HELLO);
    assertThat(pinned.status()).isEqualTo(200);
    assertThat(JSON.readTree(pinned.body()).get("Keys").has(HELLO)).isTrue();
  }

  @Test
  void onlyOneSegmentMayBeAnArgumentAndGroupsTakeNone() throws IOException {
    add("hello.txt", "hello world\n");
    // go-ipfs-cmds resolves all segments but the last as commands: 404 otherwise.
    assertThat(post("cat/" + HELLO + "/more").status()).isEqualTo(404);
    assertThat(post("cat/" + HELLO + "/").status()).isEqualTo(404);
    assertThat(post("nosuch/" + HELLO).status()).isEqualTo(404);
    // A group (pin) has no Run of its own, so it takes no argument.
    assertThat(post("pin/" + HELLO).status()).isEqualTo(404);
    // A subcommand stays a subcommand.
    assertThat(post("pin/ls").status()).isEqualTo(200);
  }

  private RawHttp post(String target, String contentType, byte[] body) throws IOException {
    return RawHttp.post(daemon.apiAddress(), "/api/v0/" + target, contentType, body);
  }

  private static void assertClientError(RawHttp r, String message) throws IOException {
    assertThat(r.status()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("Message").asText()).isEqualTo(message);
    assertThat(error.get("Code").asInt()).isEqualTo(1);
    assertThat(error.get("Type").asText()).isEqualTo("error");
  }

  /**
   * go-ipfs-cmds' {@code parseRequest} reads files only from a body whose media type is {@code
   * multipart/form-data}: a well-formed multipart body of another multipart type is no files, so a
   * command whose file argument is required is refused with its name before it runs, and nothing of
   * the body is stored.
   */
  @Test
  void aMultipartBodyOfAnotherTypeCarriesNoFiles() throws IOException {
    byte[] upload = RpcWireTest.multipart("hello.txt", "hello world\n".getBytes(UTF_8));
    String other = "; boundary=" + RpcWireTest.BOUNDARY;
    String before = post("refs/local").bodyText();

    assertClientError(post("add", "multipart/mixed" + other, upload), FILE_ARG + "'path'" + IS);
    assertClientError(
        post("block/put", "multipart/related" + other, upload), FILE_ARG + "'data'" + IS);
    assertClientError(
        post("dag/put", "multipart/x-anything" + other, upload), FILE_ARG + "'object data'" + IS);
    assertClientError(
        post("dag/import", "multipart/alternative" + other, upload), FILE_ARG + "'path'" + IS);
    assertClientError(
        post("config/replace", "multipart/mixed" + other, upload), FILE_ARG + "'file'" + IS);

    assertThat(post("refs/local").bodyText()).isEqualTo(before);
  }

  /** A body without a Content-Type, or a form sent url-encoded, is no files either. */
  @Test
  void aBodyThatIsNoMultipartFormCarriesNoFiles() throws IOException {
    assertClientError(
        post("block/put", null, "hello world\n".getBytes(UTF_8)), FILE_ARG + "'data'" + IS);
    assertClientError(post("add", null, null), FILE_ARG + "'path'" + IS);
    assertClientError(
        post("add", "application/x-www-form-urlencoded", "file=hello".getBytes(UTF_8)),
        FILE_ARG + "'path'" + IS);
    assertClientError(
        post("dag/put", "application/json", "{\"a\":1}".getBytes(UTF_8)),
        FILE_ARG + "'object data'" + IS);
  }

  /**
   * A command that takes no files ignores a body of another type, as Kubo never reads it: a {@code
   * multipart/mixed} type without a boundary is no malformed upload there.
   */
  @Test
  void aCommandWithoutFilesIgnoresABodyOfAnotherType() throws IOException {
    RawHttp version = post("version", "multipart/mixed", "not a multipart body".getBytes(UTF_8));
    assertThat(version.status()).isEqualTo(200);
    assertThat(JSON.readTree(version.body()).has("Version")).isTrue();
  }

  /** The media type is read as Go's {@code mime.ParseMediaType} reads it: in any case, spaced. */
  @Test
  void theFormDataMediaTypeIsMatchedInAnyCase() throws IOException {
    RawHttp r =
        post(
            "add",
            " Multipart/Form-Data ; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("hello.txt", "hello world\n".getBytes(UTF_8)));
    assertThat(r.status()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("Hash").asText()).isEqualTo(HELLO);
  }

  /**
   * A part typed {@code multipart/mixed} inside an {@code add} body, as old clients sent nested
   * directories: boxo's {@code multipartWalker.nextFile} takes only {@code multipart/form-data} and
   * {@code application/x-directory} parts as directories, so Kubo adds this part as a file whose
   * content is the part's bytes, nested boundaries and all.
   */
  @Test
  void aNestedMultipartMixedPartIsAddedAsAFileAsKuboDoes() throws IOException {
    String nested =
        "--inner\r\n"
            + "Content-Disposition: file; filename=\"dir%2Fa.txt\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "hello\r\n"
            + "--inner--";
    String body =
        "--"
            + OUTER
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"dir\"\r\n"
            + "Content-Type: multipart/mixed; boundary=inner\r\n\r\n"
            + nested
            + "\r\n--"
            + OUTER
            + "--\r\n";
    RawHttp r =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/add",
            "multipart/form-data; boundary=" + OUTER,
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    JsonNode added = JSON.readTree(r.body());
    assertThat(added.get("Name").asText()).isEqualTo("dir");

    String asFile = add("dir", nested);
    assertThat(added.get("Hash").asText()).isEqualTo(asFile);
    assertThat(post("cat/" + asFile).bodyText()).isEqualTo(nested);
  }

  /** A multipart body of {@code (filename, content type, content)} parts, in the order given. */
  private static byte[] parts(String[]... parts) {
    StringBuilder body = new StringBuilder();
    for (String[] part : parts) {
      body.append("--")
          .append(OUTER)
          .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
          .append(part[0])
          .append("\"\r\nContent-Type: ")
          .append(part[1])
          .append("\r\n\r\n")
          .append(part[2])
          .append("\r\n");
    }
    body.append("--").append(OUTER).append("--\r\n");
    return body.toString().getBytes(UTF_8);
  }

  /** The {@code [Name, Hash]} of each line an {@code add} of {@code body} answers. */
  private List<List<String>> addParts(byte[] body) throws IOException {
    RawHttp r =
        RawHttp.post(
            daemon.apiAddress(), "/api/v0/add", "multipart/form-data; boundary=" + OUTER, body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.trailers()).doesNotContainKey("x-stream-error");
    List<List<String>> added = new ArrayList<>();
    for (String line : r.bodyText().split("\n")) {
      JsonNode entry = JSON.readTree(line);
      added.add(List.of(entry.get("Name").asText(), entry.get("Hash").asText()));
    }
    return added;
  }

  /**
   * kubo-rpc-client's {@code addAll([{content}, {content}])} sends each file with an empty name:
   * Kubo's {@code add} adds each top-level entry on its own ({@code core/commands/add.go}), so each
   * file is added and named by its CID, none dropped.
   */
  @Test
  void severalUnnamedFilesAreEachAddedAndNamedByTheirCid() throws IOException {
    String one = add("one.txt", "one\n");
    String two = add("two.txt", "two two\n");
    List<List<String>> added =
        addParts(
            parts(
                new String[] {"", "application/octet-stream", "one\n"},
                new String[] {"", "application/octet-stream", "two two\n"}));
    assertThat(added).containsExactly(List.of(one, one), List.of(two, two));
  }

  /**
   * kubo-rpc-client's {@code globSource} sends a directory before the files beside it and its own
   * files after them ({@code files}, {@code x.txt}, {@code files/b.txt}). boxo's multipart iterator
   * then gives the top level a second {@code files} directory, and Kubo adds it as one more
   * top-level entry: both are reported, nothing is dropped.
   */
  @Test
  void aTopLevelNameThatComesBackIsAddedAgainAsKuboDoes() throws IOException {
    String x = add("x.txt", "x\n");
    String b = add("b.txt", "b\n");
    List<List<String>> added =
        addParts(
            parts(
                new String[] {"files", "application/x-directory", ""},
                new String[] {"x.txt", "application/octet-stream", "x\n"},
                new String[] {"files%2Fb.txt", "application/octet-stream", "b\n"}));
    assertThat(added)
        .extracting(e -> e.get(0))
        .containsExactly("files", "x.txt", "files/b.txt", "files");
    assertThat(added.get(0).get(1)).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    assertThat(added.get(1).get(1)).isEqualTo(x);
    assertThat(added.get(2).get(1)).isEqualTo(b);
    assertThat(post("cat?arg=" + added.get(3).get(1) + "/b.txt").bodyText()).isEqualTo("b\n");
  }
}
