package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client generated from the spec (@ipfs-shipyard/pinning-service-client) against a node. */
@Tag("interop")
class PinningServiceIT {
  @TempDir Path dir;

  @Test
  void theSpecsClientRunsAWholeFlow() throws Exception {
    try (PinningNode node = PinningNode.create(dir, "1m")) {
      Cid a = node.addUnpinned("a.txt", TestData.bytes(7, 400_000));
      Cid b = node.addUnpinned("b.txt", TestData.bytes(8, 1000));
      JsonNode report =
          Json.MAPPER.readTree(
              JsReference.run(
                  "pinning-service-flow.mjs",
                  node.base() + "/pinning",
                  PinningNode.TOKEN,
                  a.toString(),
                  b.toString()));

      assertThat(report.at("/wrongToken/status").asInt()).isEqualTo(401);
      assertThat(report.at("/wrongToken/body/error/reason").asText()).isEqualTo("UNAUTHORIZED");

      String id = report.at("/added/requestid").asText();
      assertThat(report.at("/added/status").asText()).isIn("queued", "pinning", "pinned");
      assertThat(report.at("/added/pin/cid").asText()).isEqualTo(a.toString());
      assertThat(report.at("/added/pin/meta/app").asText()).isEqualTo("interop");
      assertThat(report.at("/added/delegates/0").asText())
          .endsWith("/p2p/" + node.daemon().config().peerId());
      assertThat(report.at("/pinned/status").asText()).isEqualTo("pinned");
      assertThat(report.at("/pinned/created").asText())
          .isEqualTo(report.at("/added/created").asText());

      JsonNode lists = report.path("lists");
      assertThat(ids(lists.path("plain"))).containsExactly(id);
      assertThat(ids(lists.path("byCid"))).containsExactly(id);
      assertThat(ids(lists.path("byName"))).containsExactly(id);
      assertThat(lists.at("/byExactNameMiss/count").asInt()).isZero();
      assertThat(lists.at("/byStatus/count").asInt()).isZero();
      assertThat(ids(lists.path("byMeta"))).containsExactly(id);
      assertThat(lists.at("/byMetaMiss/count").asInt()).isZero();
      assertThat(ids(lists.path("after"))).containsExactly(id);
      assertThat(lists.at("/before/count").asInt()).isZero();

      assertThat(report.at("/got/requestid").asText()).isEqualTo(id);
      String newId = report.at("/replaced/requestid").asText();
      assertThat(newId).isNotEqualTo(id);
      assertThat(report.at("/replaced/pin/cid").asText()).isEqualTo(b.toString());
      assertThat(report.at("/oldAfterReplace/status").asInt()).isEqualTo(404);
      assertThat(report.at("/oldAfterReplace/body/error/reason").asText()).isEqualTo("NOT_FOUND");
      assertThat(report.at("/replacedPinned/status").asText()).isEqualTo("pinned");

      assertThat(report.at("/deletedGet/status").asInt()).isEqualTo(404);
      assertThat(report.at("/leftAfterDelete/count").asInt()).isZero();
      assertThat(node.recursivePins()).doesNotContainKeys(a, b);
    }
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("requestids").forEach(n -> out.add(n.asText()));
    return out;
  }
}
