package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.testing.JsReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubo-rpc-client}'s pubsub API ({@code interop/rpc-pubsub.mjs}) against a daemon with
 * pubsub on: subscribe (the streamed {@code pubsub/sub}), ls, peers, publish, and unsubscribe,
 * which ends the subscription on the daemon.
 */
@Tag("interop")
class KuboRpcPubsubIT {
  @TempDir Path dir;

  @Test
  void kuboRpcClientSubscribesPublishesAndUnsubscribes() throws Exception {
    try (Daemon d = NetworkDaemons.startWithPubsub(dir.resolve("repo"))) {
      String topic = "kubo rpc/topic é";
      JsonNode js =
          new ObjectMapper()
              .readTree(
                  JsReference.run(
                      "rpc-pubsub.mjs", "http://127.0.0.1:" + d.apiAddress().getPort(), topic));
      assertThat(js.get("ls")).hasSize(1);
      assertThat(js.get("ls").get(0).asText()).isEqualTo(topic);
      assertThat(js.get("peers")).isEmpty();
      assertThat(js.at("/message/type").asText()).isEqualTo("signed");
      assertThat(js.at("/message/from").asText()).isEqualTo(NetworkDaemons.peerId(d));
      assertThat(js.at("/message/data").asText()).isEqualTo("hello from kubo-rpc-client");
      assertThat(js.at("/message/topic").asText()).isEqualTo(topic);
      assertThat(js.at("/message/seqno").asLong()).isPositive();
      assertThat(js.get("lsAfter")).isEmpty();
    }
  }
}
