package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code @helia/verified-fetch} uses the gateway as its trustless gateway: it fetches every block
 * with {@code ?format=raw}, checks each against its CID, and rebuilds files, paths through
 * directories (a sharded one too) and byte ranges; the bytes must be the files added.
 */
@Tag("interop")
class GatewayInteropIT {
  @Test
  void verifiedFetchGetsVerifiedFilesDirectoriesAndRangesFromTheGateway() throws Exception {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    byte[] large = TestData.bytes(21, 3 * 1024 * 1024 + 4321);
    Cid largeV0 =
        new UnixFsImporter(store, ImportOptions.defaults())
            .importStream("large", new ByteArrayInputStream(large), ImportListener.NONE)
            .cid();
    AtomicInteger rawBlocks = new AtomicInteger();
    GatewayListener listener =
        (method, status, bytes, nanos, kind) -> {
          if (kind.equals("raw") && status == 200) {
            rawBlocks.incrementAndGet();
          }
        };
    Map<String, byte[]> expected = new LinkedHashMap<>();
    Cid hello = c.resolve(c.files, "hello.txt");
    expected.put("ipfs://" + hello, TestContent.HELLO);
    expected.put("ipfs://" + largeV0, large);
    expected.put("ipfs://" + c.files + "/big.bin", TestContent.BIG);
    expected.put("ipfs://" + c.files + "/meta.json", TestContent.META);
    expected.put("ipfs://" + c.files + "/sub/a.txt", "a\n".getBytes());
    expected.put("ipfs://" + c.hamt + "/file-7.txt", "entry 7\n".getBytes());
    expected.put(
        "ipfs://" + largeV0 + "|bytes=1000-300000", Arrays.copyOfRange(large, 1000, 300001));
    expected.put(
        "ipfs://" + c.files + "/big.bin|bytes=5000-",
        Arrays.copyOfRange(TestContent.BIG, 5000, TestContent.BIG.length));

    try (TestServer s = new TestServer(GatewayOptions.defaults(), store, listener)) {
      List<String> args = new ArrayList<>();
      args.add("http://127.0.0.1:" + s.port());
      args.addAll(expected.keySet());
      String out = JsReference.run("gateway-verified-fetch.mjs", args.toArray(String[]::new));
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> results = new ArrayList<>();
      for (String line : out.strip().split("\n")) {
        results.add(json.readTree(line));
      }
      assertThat(results).hasSize(expected.size());
      int i = 0;
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        JsonNode r = results.get(i++);
        boolean ranged = e.getKey().contains("|");
        assertThat(r.get("status").asInt()).as(e.getKey()).isEqualTo(ranged ? 206 : 200);
        assertThat(r.get("length").asInt()).as(e.getKey()).isEqualTo(e.getValue().length);
        assertThat(r.get("sha256").asText()).as(e.getKey()).isEqualTo(sha256(e.getValue()));
      }
      assertThat(results.get(3).get("contentType").asText()).startsWith("application/json");
    }
    assertThat(rawBlocks.get()).isGreaterThan(20);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
