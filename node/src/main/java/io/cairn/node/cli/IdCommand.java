package io.cairn.node.cli;

import io.cairn.config.NodeConfig;
import io.cairn.config.PeerId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn id}: the node's identity, as {@code ipfs id}. */
@Command(name = "id", description = "Show the node's identity: peer ID, public key, addresses.")
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

  @Override
  public void run() {
    NodeConfig config = ctx.config();
    PeerId id = config.peerId();
    String idText =
        switch (peerIdBase) {
          case "b58mh", "base58btc" -> id.toString();
          case "base36", "k" -> id.toBase36();
          case "base32", "b" -> id.toCid().toString();
          default ->
              throw new UserException(
                  "unknown peer ID encoding '" + peerIdBase + "'; use b58mh, base36 or base32");
        };
    String publicKey =
        Base64.getEncoder().encodeToString(config.identity().key().publicKeyProtobuf());
    String agent = "cairn/" + VersionCommand.version() + "/";
    if (format != null) {
      ctx.out()
          .print(
              format
                  .replace("<id>", idText)
                  .replace("<aver>", agent)
                  .replace("<pubkey>", publicKey)
                  .replace("<addrs>", "")
                  .replace("<protocols>", "")
                  .replace("\\n", "\n")
                  .replace("\\t", "\t"));
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", idText);
    m.put("PublicKey", publicKey);
    // Offline, as Kubo prints it: no listen addresses and no protocols.
    m.put("Addresses", null);
    m.put("AgentVersion", agent);
    m.put("Protocols", null);
    ctx.out().prettyJson(m);
  }
}
