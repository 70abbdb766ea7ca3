package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn id}: the node's identity, as {@code ipfs id}. */
@Command(
    name = "id",
    description = "Show the identity of the node or of another peer: peer ID, key, addresses.")
final class IdCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = "Format string with <id>, <aver>, <pubkey>, <addrs>, <protocols>.")
  String format;

  @Option(
      names = "--peerid-base",
      paramLabel = "BASE",
      description = "Encoding of the peer ID: b58mh (default) or base36.")
  String peerIdBase = "b58mh";

  @Parameters(
      arity = "0..1",
      paramLabel = "PEER",
      description = "Another peer to identify (found through the DHT if need be; daemon only).")
  String peer;

  @Override
  public void run() {
    JsonNode[] result = {null};
    ctx.api()
        .call(
            ApiRequest.to("id")
                .args(peer == null ? List.of() : List.of(peer))
                .option("peerid-base", peerIdBase)
                .build(),
            ResultSinks.values(v -> result[0] = v));
    JsonNode m = result[0];
    if (format != null) {
      ctx.out()
          .print(
              format
                  .replace("<id>", m.path("ID").asText())
                  .replace("<aver>", m.path("AgentVersion").asText())
                  .replace("<pubkey>", m.path("PublicKey").asText())
                  .replace("<addrs>", join(m.path("Addresses")))
                  .replace("<protocols>", join(m.path("Protocols")))
                  .replace("\\n", "\n")
                  .replace("\\t", "\t"));
      return;
    }
    ctx.out().prettyJson(m);
  }

  private static String join(JsonNode list) {
    StringBuilder sb = new StringBuilder();
    list.forEach(v -> sb.append(sb.isEmpty() ? "" : "\n").append(v.asText()));
    return sb.toString();
  }
}
