package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.car.CarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn dag put|get|resolve|stat|export|import}. The DAG is the one of Kubo's fixture
 * TestDagStat.car (test/cli/dag_test.go), built here with {@code dag put}: its CIDs and Kubo's
 * expected {@code dag stat} output must come out the same.
 */
@BothModes
class DagCommandTest {
  @Parameter Cli.Mode mode;

  private static final String CHILD = "bafyreicaoyussrycqolu4k2iaxleu2uakjlq57tuxq3djxn4wnyfp4yk3y";
  private static final String NODE1 = "bafyreibmdfd7c5db4kls4ty57zljfhqv36gi43l6txl44pi423wwmeskwy";
  private static final String NODE2 = "bafyreie3njilzdi4ixumru4nzgecsnjtu7fzfcwhg7e6s4s5i7cnbslvn4";
  private static final String ROOT = "bafyreifrm6uf5o4dsaacuszf35zhibyojlqclabzrms7iak67pf62jygaq";

  /** Kubo's test/cli/fixtures/TestDagStatExpectedOutput.txt. */
  private static final String KUBO_STAT_TEXT =
      "\n"
          + "CID                                                        \tBlocks         \tSize\n"
          + NODE1
          + "\t2              \t53\n"
          + NODE2
          + "\t2              \t53\n"
          + "\n"
          + "Summary\n"
          + "Total Size: 99 (99 B)\n"
          + "Unique Blocks: 3\n"
          + "Shared Size: 7 (7 B)\n"
          + "Ratio: 1.070707\n"
          + "\n"
          + "\n";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private String put(String json, String... flags) {
    String[] args = new String[2 + flags.length];
    args[0] = "dag";
    args[1] = "put";
    System.arraycopy(flags, 0, args, 2, flags.length);
    Run run = cli.okWithInput(json.getBytes(StandardCharsets.UTF_8), args);
    assertThat(run.out()).endsWith("\n");
    return run.out().strip();
  }

  private void putFixture(String... flags) {
    assertThat(put("{\"test\":1}")).isEqualTo(CHILD);
    assertThat(put("{\"bar\":{\"/\":\"" + CHILD + "\"}}")).isEqualTo(NODE1);
    assertThat(put("{\"foo\":{\"/\":\"" + CHILD + "\"}}")).isEqualTo(NODE2);
    assertThat(
            put("{\"node1\":{\"/\":\"" + NODE1 + "\"},\"node2\":{\"/\":\"" + NODE2 + "\"}}", flags))
        .isEqualTo(ROOT);
  }

  @Test
  void putStoresDagCborWithKubosCids() {
    putFixture();
    assertThat(cli.ok("block", "stat", CHILD).lines()).containsExactly("Key: " + CHILD, "Size: 7");
    assertThat(cli.ok("block", "get", CHILD).stdout())
        .isEqualTo(new byte[] {(byte) 0xa1, 0x64, 't', 'e', 's', 't', 0x01});
    JsonNode json =
        cli.okWithInput("{\"test\":1}".getBytes(StandardCharsets.UTF_8), "dag", "put", "--enc=json")
            .json();
    assertThat(json.get("Cid").get("/").asText()).isEqualTo(CHILD);
  }

  @Test
  void getPrintsDagJsonWithoutANewlineAndFollowsPaths() {
    putFixture();
    assertThat(cli.ok("dag", "get", NODE1).out()).isEqualTo("{\"bar\":{\"/\":\"" + CHILD + "\"}}");
    assertThat(cli.ok("dag", "get", ROOT + "/node1/bar").out()).isEqualTo("{\"test\":1}");
    assertThat(cli.ok("dag", "get", ROOT + "/node2/foo/test").out()).isEqualTo("1");
    assertThat(cli.ok("dag", "get", "--output-codec=dag-cbor", CHILD).stdout())
        .isEqualTo(cli.ok("block", "get", CHILD).stdout());
    assertThat(cli.fails("dag", "get", ROOT + "/node3")).contains("node3");
  }

  @Test
  void resolvePrintsTheLastBlockAndTheRemainingPathWithoutANewline() {
    putFixture();
    assertThat(cli.ok("dag", "resolve", ROOT).out()).isEqualTo(ROOT);
    assertThat(cli.ok("dag", "resolve", ROOT + "/node1").out()).isEqualTo(NODE1);
    assertThat(cli.ok("dag", "resolve", ROOT + "/node1/bar/test").out()).isEqualTo(CHILD + "/test");
    JsonNode json = cli.ok("dag", "resolve", "--enc=json", ROOT + "/node1/bar/test").json();
    assertThat(json.get("Cid").get("/").asText()).isEqualTo(CHILD);
    // Kubo's RemPath is boxo's path.SegmentsToString: "/" before each segment, "" for none.
    assertThat(json.get("RemPath").asText()).isEqualTo("/test");
    assertThat(cli.ok("dag", "resolve", "--enc=json", ROOT).json().get("RemPath").asText())
        .isEmpty();
  }

  @Test
  void putConvertsCodecsAndPinsOnRequest() {
    String asJson = put("{\"test\":1}", "--store-codec=dag-json");
    assertThat(asJson).startsWith("baguqee");
    assertThat(cli.ok("block", "get", asJson).out()).isEqualTo("{\"test\":1}");
    byte[] cbor = cli.ok("block", "get", put("{\"test\":1}")).stdout();
    assertThat(cli.okWithInput(cbor, "dag", "put", "--input-codec=dag-cbor").out())
        .isEqualTo(CHILD + "\n");

    putFixture("--pin");
    assertThat(cli.ok("pin", "ls", "-t", "recursive").lines()).containsExactly(ROOT + " recursive");
    assertThat(
            cli.failsWithInput(
                "{\"x\":{\"/\":\"bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\"}}"
                    .getBytes(StandardCharsets.UTF_8),
                "dag",
                "put",
                "--pin"))
        .contains("bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  }

  /**
   * Kubo's t0054 puts {@code { "test": "json" }} with {@code --store-codec json}: go-ipld-prime's
   * json codec writes it indented with tabs, one entry a line, ending in a newline.
   */
  @Test
  void putAndGetThePlainJsonCodecAsKuboWritesIt() {
    byte[] expected = "{\n\t\"test\": \"json\"\n}\n".getBytes(StandardCharsets.UTF_8);
    String cid = put("{ \"test\": \"json\" }\n", "--store-codec", "json");
    assertThat(cid).isEqualTo(Cid.compute(1, 0x0200, HashFunction.SHA2_256, expected).toString());
    assertThat(cid).startsWith("bagaaiera");
    assertThat(cli.ok("block", "get", cid).stdout()).isEqualTo(expected);
    assertThat(cli.ok("dag", "get", cid).out()).isEqualTo("{\"test\":\"json\"}");
    assertThat(cli.ok("dag", "get", "--output-codec=json", cid).stdout()).isEqualTo(expected);
    assertThat(cli.ok("dag", "get", "--output-codec=json", cid + "/test").out())
        .isEqualTo("\"json\"");
    // The json codec keeps the input's key order and reads {"/": ...} as a plain map.
    String ordered =
        put("{\"z\":1,\"a\":{\"/\":\"x\"}}", "--input-codec=json", "--store-codec=json");
    assertThat(cli.ok("block", "get", ordered).out())
        .isEqualTo("{\n\t\"z\": 1,\n\t\"a\": {\n\t\t\"/\": \"x\"\n\t}\n}\n");
    assertThat(cli.ok("dag", "get", "--output-codec=json", ordered + "/a").out())
        .isEqualTo("{\n\t\"/\": \"x\"\n}\n");
    assertThat(
            cli.failsWithInput(
                ("{\"l\":{\"/\":\"" + CHILD + "\"}}").getBytes(StandardCharsets.UTF_8),
                "dag",
                "put",
                "--store-codec=json"))
        .contains("cannot marshal IPLD links to this codec");
  }

  /**
   * Kubo's dag-json writer (refmt's) writes a whole float without a point, -0.0 as {@code -0}, and
   * backspace, form feed and U+2028 as <code>&#92;u</code> escapes: the block and its CID are
   * Kubo's. Read back, {@code -0} is the integer 0, as in Kubo.
   */
  @Test
  void putWritesDagJsonAndJsonFloatsAndStringsAsKuboDoes() {
    byte[] expected =
        "{\"a\":1,\"b\":-0,\"c\":\"\\u0008\\u000c\\u2028\"}".getBytes(StandardCharsets.UTF_8);
    String cid = put("{\"b\":-0.0,\"a\":1.0,\"c\":\"\\b\\f\u2028\"}", "--store-codec=dag-json");
    assertThat(cid).isEqualTo(Cid.compute(1, 0x0129, HashFunction.SHA2_256, expected).toString());
    assertThat(cli.ok("block", "get", cid).stdout()).isEqualTo(expected);
    assertThat(cli.ok("dag", "get", cid).out())
        .isEqualTo("{\"a\":1,\"b\":0,\"c\":\"\\u0008\\u000c\\u2028\"}");
    byte[] json = "{\n\t\"f\": 1e-7,\n\t\"g\": 2\n}\n".getBytes(StandardCharsets.UTF_8);
    String plain = put("{\"f\":0.0000001,\"g\":2.0}", "--store-codec=json");
    assertThat(plain).isEqualTo(Cid.compute(1, 0x0200, HashFunction.SHA2_256, json).toString());
  }

  @Test
  void putAndGetThePlainCborCodecKeepingKeyOrder() {
    String cid = put("{\"z\":1,\"a\":[\"x\"]}", "--input-codec=json", "--store-codec=cbor");
    byte[] expected = HexFormat.of().parseHex("a2617a016161816178"); // {"z": 1, "a": ["x"]}
    assertThat(cli.ok("block", "get", cid).stdout()).isEqualTo(expected);
    assertThat(cid).isEqualTo(Cid.compute(1, 0x51, HashFunction.SHA2_256, expected).toString());
    assertThat(cli.ok("dag", "get", "--output-codec=cbor", cid).stdout()).isEqualTo(expected);
    assertThat(cli.ok("dag", "get", cid).out()).isEqualTo("{\"a\":[\"x\"],\"z\":1}");
    // Stored as dag-cbor instead, the same input has its keys sorted.
    String dag = put("{\"z\":1,\"a\":[\"x\"]}", "--input-codec=json");
    assertThat(cli.ok("block", "get", dag).stdout())
        .isEqualTo(HexFormat.of().parseHex("a2616181617861 7a01".replace(" ", "")));
    assertThat(cli.okWithInput(expected, "dag", "put", "--input-codec=cbor").out().strip())
        .isEqualTo(dag);
    putFixture();
    assertThat(cli.fails("dag", "get", "--output-codec=cbor", NODE1))
        .contains("cannot Marshal ipld links to CBOR");
  }

  /**
   * A DAG-CBOR string that is not UTF-8 (go-ipld-prime keeps its bytes): {@code dag get} writes
   * each bad byte as \\ufffd in DAG-JSON, as Kubo does, and gives the block back byte for byte as
   * DAG-CBOR; {@code dag put --input-codec dag-cbor} stores it unchanged.
   */
  @Test
  void textThatIsNotUtf8GetsKubosReplacementsAndRoundTrips() {
    byte[] block = HexFormat.of().parseHex("a2617362c32861ff01"); // {"s": "\xc3(", "\xff": 1}
    String cid = Cid.compute(1, 0x71, HashFunction.SHA2_256, block).toString();
    assertThat(cli.okWithInput(block, "dag", "put", "--input-codec=dag-cbor").out().strip())
        .isEqualTo(cid);
    assertThat(cli.ok("block", "get", cid).stdout()).isEqualTo(block);
    assertThat(cli.ok("dag", "get", cid).out()).isEqualTo("{\"s\":\"\\ufffd(\",\"\\ufffd\":1}");
    assertThat(cli.ok("dag", "get", cid + "/s").out()).isEqualTo("\"\\ufffd(\"");
    assertThat(cli.ok("dag", "get", "--output-codec=dag-cbor", cid).stdout()).isEqualTo(block);
    String asJson = put(cli.ok("dag", "get", cid).out(), "--store-codec=dag-json");
    assertThat(cli.ok("block", "get", asJson).out()).isEqualTo("{\"s\":\"\uFFFD(\",\"\uFFFD\":1}");
  }

  @Test
  void putHashesWithImportHashFunctionUnlessHashSaysOtherwise() {
    String sha256 = put("{\"test\":1}");
    cli.ok("config", "Import.HashFunction", "blake2b-256");
    String blake = put("{\"test\":1}");
    assertThat(blake).isNotEqualTo(sha256);
    assertThat(cli.ok("cid", "format", "-f", "%h", blake).out().strip()).isEqualTo("blake2b-256");
    assertThat(put("{\"test\":1}", "--hash=sha2-256")).isEqualTo(sha256);
  }

  @Test
  void statMatchesKubosExpectedOutput() {
    putFixture();
    assertThat(cli.ok("dag", "stat", "--progress=false", NODE1, NODE2).out())
        .isEqualTo(KUBO_STAT_TEXT);

    JsonNode json = cli.ok("dag", "stat", "--enc=json", NODE1, NODE2).json();
    assertThat(json.get("UniqueBlocks").asInt()).isEqualTo(3);
    assertThat(json.get("TotalSize").asInt()).isEqualTo(99);
    assertThat(json.get("SharedSize").asInt()).isEqualTo(7);
    assertThat(json.get("Ratio").asDouble()).isBetween(1.0707, 1.0708);
    assertThat(json.get("DagStats").get(0).get("Cid").asText()).isEqualTo(NODE1);
    assertThat(json.get("DagStats").get(0).get("Size").asInt()).isEqualTo(53);
    assertThat(json.get("DagStats").get(0).get("NumBlocks").asInt()).isEqualTo(2);

    JsonNode single = cli.ok("dag", "stat", "--enc=json", ROOT).json();
    assertThat(single.get("UniqueBlocks").asInt()).isEqualTo(4);
    assertThat(single.get("TotalSize").asInt()).isEqualTo(194);
    assertThat(single.has("SharedSize")).as("Kubo omits a zero SharedSize").isFalse();
    assertThat(single.get("Ratio").asDouble()).isEqualTo(1.0);
  }

  @Test
  void exportThenImportIntoAFreshRepoGivesTheSameDagPinned() throws Exception {
    putFixture();
    byte[] car = cli.ok("dag", "export", ROOT).stdout();
    // A CARv1 of 4 blocks: header, then blocks in depth-first order, each once.
    assertThat(car.length).isGreaterThan(194);

    Cli fresh = Cli.init(tmp.resolve("fresh"), mode);
    Run imported = fresh.okWithInput(car, "dag", "import", "--stats");
    assertThat(imported.lines())
        .containsExactly("Pinned root\t" + ROOT + "\tsuccess", "Imported 4 blocks (194 bytes)");
    assertThat(fresh.ok("pin", "ls", "-t", "recursive").lines())
        .containsExactly(ROOT + " recursive");
    for (String cid : List.of(ROOT, NODE1, NODE2, CHILD)) {
      assertThat(fresh.ok("block", "get", cid).stdout())
          .isEqualTo(cli.ok("block", "get", cid).stdout());
    }
    assertThat(fresh.ok("dag", "export", ROOT).stdout()).isEqualTo(car);
  }

  @Test
  void importPinsARootTheRepoHoldsThoughTheCarCarriesNoneOfItsBlocks() {
    // As Kubo's dag import does: the root is pinned once its whole DAG is found here.
    putFixture();
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter.create(car, List.of(Cid.parse(ROOT)));

    Run imported = cli.okWithInput(car.toByteArray(), "dag", "import", "--stats");

    assertThat(imported.lines())
        .containsExactly("Pinned root\t" + ROOT + "\tsuccess", "Imported 0 blocks (0 bytes)");
    assertThat(cli.ok("pin", "ls", "-t", "recursive").lines()).containsExactly(ROOT + " recursive");
  }

  /**
   * A root whose blocks are nowhere: Kubo's (boxo's) words, which clients look for. As in Kubo, the
   * pin error is reported in the root's event and the import itself succeeds (Kubo's t0054); only
   * the text output fails on it, with Kubo's {@code pinning root "<cid>" FAILED: <why>}.
   */
  @Test
  void aRootWithoutItsBlocksFailsToPinWithKubosWords() {
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter.create(car, List.of(Cid.parse(ROOT)));

    Run imported = cli.runWithInput(car.toByteArray(), "dag", "import", "--enc=json", "--stats");

    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.jsonLines()).hasSize(2);
    assertThat(imported.jsonLines().get(0).get("Root").get("PinErrorMsg").asText())
        .isEqualTo("ipld: could not find " + ROOT);
    assertThat(imported.jsonLines().get(1).get("Stats").get("BlockCount").asInt()).isZero();

    Run text = cli.runWithInput(car.toByteArray(), "dag", "import");
    assertThat(text.error())
        .isEqualTo("pinning root \"" + ROOT + "\" FAILED: ipld: could not find " + ROOT);
    assertThat(text.out()).isEmpty();
    assertThat(cli.ok("pin", "ls").out()).isEmpty();
  }

  /**
   * A CAR holding its root but not the root's children (a dag-scope=entity export, IPIP-402): its
   * blocks are imported, and pinning fails as Kubo's offline pin does, naming the missing block.
   */
  @Test
  void aPartialDagImportsButItsRootFailsToPinWithKubosWords() {
    putFixture();
    byte[] rootBlock = cli.ok("block", "get", ROOT).stdout();
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = CarWriter.create(car, List.of(Cid.parse(ROOT)));
    writer.write(Cid.parse(ROOT), rootBlock);
    writer.flush();
    Cli fresh = Cli.init(tmp.resolve("fresh"), mode);

    Run json = fresh.runWithInput(car.toByteArray(), "dag", "import", "--enc=json", "--stats");

    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.jsonLines().get(0).get("Root").get("PinErrorMsg").asText())
        .isEqualTo("block was not found locally (offline): ipld: could not find " + NODE1);
    assertThat(json.jsonLines().get(1).get("Stats").get("BlockCount").asInt()).isEqualTo(1);
    assertThat(fresh.ok("block", "stat", ROOT).lines()).contains("Key: " + ROOT);

    Run text = fresh.runWithInput(car.toByteArray(), "dag", "import");
    assertThat(text.error())
        .isEqualTo(
            "pinning root \""
                + ROOT
                + "\" FAILED: block was not found locally (offline): ipld: could not find "
                + NODE1);
    assertThat(fresh.ok("pin", "ls").out()).isEmpty();
  }

  /**
   * A named pipe is read once (Kubo's t0054 "fifo import"): a check that opened it first would take
   * the writer's bytes, or its only open, and leave the import waiting forever.
   */
  @Test
  void importReadsANamedPipe() throws Exception {
    putFixture();
    byte[] car = cli.ok("dag", "export", ROOT).stdout();
    Path fifo = tmp.resolve("car.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Cli fresh = Cli.init(tmp.resolve("fresh"), mode);
    // Threads of their own: the writer blocks in its open until a reader comes.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                Files.write(fifo, car);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            threads);
    CompletableFuture<Run> imported =
        CompletableFuture.supplyAsync(
            () -> fresh.run("dag", "import", "--stats", fifo.toString()), threads);
    try {
      Run run = imported.get(60, TimeUnit.SECONDS);
      assertThat(run.lines())
          .containsExactly("Pinned root\t" + ROOT + "\tsuccess", "Imported 4 blocks (194 bytes)");
      writer.get(10, TimeUnit.SECONDS);
    } finally {
      if (!imported.isDone()) {
        // Lets a reader left waiting for a writer go (it then reads an empty CAR and fails).
        try (OutputStream unblock = Files.newOutputStream(fifo)) {
          unblock.flush();
        }
        imported.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();
    }
  }

  @Test
  void importFromFilesWithJsonSilentAndWithoutPinning() throws Exception {
    putFixture();
    Path car = tmp.resolve("fixture.car");
    Files.write(car, cli.ok("dag", "export", ROOT).stdout());

    Cli a = Cli.init(tmp.resolve("a"), mode);
    List<JsonNode> events =
        a.ok("dag", "import", "--enc=json", "--stats", car.toString()).jsonLines();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("Root").get("Cid").get("/").asText()).isEqualTo(ROOT);
    assertThat(events.get(0).get("Root").get("PinErrorMsg").asText()).isEmpty();
    assertThat(events.get(1).get("Stats").get("BlockCount").asInt()).isEqualTo(4);
    assertThat(events.get(1).get("Stats").get("BlockBytesCount").asInt()).isEqualTo(194);

    Cli b = Cli.init(tmp.resolve("b"), mode);
    assertThat(b.ok("dag", "import", "--pin-roots=false", car.toString()).out()).isEmpty();
    assertThat(b.ok("pin", "ls").out()).isEmpty();
    assertThat(b.ok("dag", "get", ROOT + "/node1/bar").out()).isEqualTo("{\"test\":1}");
    assertThat(b.ok("dag", "import", "--silent", car.toString()).out()).isEmpty();
    assertThat(b.ok("pin", "ls", "-t", "recursive").lines()).containsExactly(ROOT + " recursive");
  }
}
