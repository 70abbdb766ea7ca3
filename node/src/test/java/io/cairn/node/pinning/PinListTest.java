package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /pins} over one set of requests: five pinned, two waiting for blocks. */
class PinListTest {
  @TempDir static Path dir;
  private static PinningNode node;
  private static final List<String> pinnedIds = new ArrayList<>();
  private static final List<Cid> cids = new ArrayList<>();
  private static final List<String> waitingIds = new ArrayList<>();

  @BeforeAll
  static void createRequests() throws Exception {
    node = PinningNode.create(dir, "1h");
    String[] names = {"report.pdf", "Report-2024.PDF", "photo.jpg", "notes.txt", "REPORT final"};
    for (int i = 0; i < names.length; i++) {
      Cid cid = node.addUnpinned("f" + i, ("content " + i).getBytes(StandardCharsets.UTF_8));
      cids.add(cid);
      String body =
          "{\"cid\":\""
              + cid
              + "\",\"name\":\""
              + names[i]
              + "\",\"meta\":{\"app\":\""
              + (i % 2 == 0 ? "even" : "odd")
              + "\",\"n\":\""
              + i
              + "\"}}";
      pinnedIds.add(node.post("/pinning/pins", body).json().path("requestid").asText());
    }
    for (String id : pinnedIds) {
      node.awaitStatus(id, "pinned");
    }
    for (int i = 0; i < 2; i++) {
      Cid missing = Block.create(Multicodec.RAW, new byte[] {9, (byte) i}).cid();
      String id =
          node.post("/pinning/pins", PinningServiceTest.pinOf(missing))
              .json()
              .path("requestid")
              .asText();
      waitingIds.add(id);
      node.awaitStatus(id, "pinning");
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void listsPinnedRequestsNewestFirstByDefault() throws Exception {
    JsonNode page = list("");
    assertThat(page.path("count").asInt()).isEqualTo(5);
    assertThat(ids(page)).containsExactlyElementsOf(reversed(pinnedIds));
    assertThat(page.at("/results/0/status").asText()).isEqualTo("pinned");
    assertThat(page.at("/results/0/delegates").size()).isPositive();
  }

  @Test
  void limitCutsTheResultsButNotTheCount() throws Exception {
    JsonNode page = list("limit=2");
    assertThat(page.path("count").asInt()).isEqualTo(5);
    assertThat(ids(page)).containsExactly(pinnedIds.get(4), pinnedIds.get(3));
  }

  @Test
  void pagesThroughEverythingWithBefore() throws Exception {
    List<String> seen = new ArrayList<>();
    String before = null;
    for (int pages = 0; pages < 10; pages++) {
      JsonNode page =
          list(
              "limit=2"
                  + (before == null ? "" : "&before=" + enc(before))
                  + "&status=pinned,pinning");
      if (page.path("results").isEmpty()) {
        break;
      }
      seen.addAll(ids(page));
      JsonNode results = page.path("results");
      before = results.get(results.size() - 1).path("created").asText();
    }
    List<String> all = new ArrayList<>(pinnedIds);
    all.addAll(waitingIds);
    assertThat(seen).containsExactlyElementsOf(reversed(all));
  }

  @Test
  void afterKeepsOnlyLaterRequests() throws Exception {
    String created = node.get("/pinning/pins/" + pinnedIds.get(2)).json().path("created").asText();
    assertThat(ids(list("after=" + enc(created))))
        .containsExactly(pinnedIds.get(4), pinnedIds.get(3));
  }

  @Test
  void filtersByStatusCidNameAndMeta() throws Exception {
    assertThat(ids(list("status=pinning"))).containsExactlyElementsOf(reversed(waitingIds));
    assertThat(list("status=queued,failed").path("count").asInt()).isZero();
    assertThat(ids(list("cid=" + cids.get(1) + "," + cids.get(3).toV1())))
        .containsExactly(pinnedIds.get(3), pinnedIds.get(1));
    assertThat(ids(list("name=report.pdf"))).containsExactly(pinnedIds.get(0));
    assertThat(ids(list("name=REPORT.pdf&match=iexact"))).containsExactly(pinnedIds.get(0));
    assertThat(ids(list("name=Report&match=partial"))).containsExactly(pinnedIds.get(1));
    assertThat(ids(list("name=report&match=ipartial")))
        .containsExactly(pinnedIds.get(4), pinnedIds.get(1), pinnedIds.get(0));
    assertThat(ids(list("meta=" + enc("{\"app\":\"even\"}"))))
        .containsExactly(pinnedIds.get(4), pinnedIds.get(2), pinnedIds.get(0));
    assertThat(ids(list("meta=" + enc("{\"app\":\"even\",\"n\":\"2\"}"))))
        .containsExactly(pinnedIds.get(2));
    assertThat(ids(list(enc("meta[app]") + "=odd")))
        .containsExactly(pinnedIds.get(3), pinnedIds.get(1));
  }

  private static JsonNode list(String query) throws Exception {
    PinningNode.Response r = node.get("/pinning/pins" + (query.isEmpty() ? "" : "?" + query));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("results").forEach(r -> out.add(r.path("requestid").asText()));
    return out;
  }

  private static List<String> reversed(List<String> l) {
    List<String> out = new ArrayList<>(l);
    java.util.Collections.reverse(out);
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
