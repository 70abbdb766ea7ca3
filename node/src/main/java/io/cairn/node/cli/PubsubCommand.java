package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.storage.Multibase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn pubsub}: Kubo's experimental publish-subscribe commands. Topics are given plain and
 * travel multibase-encoded (base64url) in the RPC's URL, as Kubo's CLI sends them.
 */
@Command(
    name = "pubsub",
    description = {
      "An experimental publish-subscribe system on the libp2p network (daemon only).",
      "Off unless Pubsub.Enabled is true or the daemon runs with --enable-pubsub-experiment.",
      "Cairn routes with floodsub, which gossipsub peers such as Kubo also speak."
    },
    subcommands = {
      PubsubCommand.Pub.class,
      PubsubCommand.Sub.class,
      PubsubCommand.Ls.class,
      PubsubCommand.Peers.class
    })
final class PubsubCommand extends GroupCommand {
  /** A plain topic as the RPC takes it: base64url multibase. */
  static String topicArg(String topic) {
    return Multibase.BASE64_URL.encode(topic.getBytes(StandardCharsets.UTF_8));
  }

  private static String plain(String multibase) {
    return new String(Multibase.decode(multibase), StandardCharsets.UTF_8);
  }

  @Command(
      name = "pub",
      description = "Publish data to a given pubsub topic: a file's bytes, or stdin's.")
  static final class Pub implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to publish to.")
    String topic;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FILE",
        description = "The data to be published (default: stdin).")
    String file;

    @Override
    public void run() {
      List<String> files = new ArrayList<>();
      if (file != null) {
        files.add(file);
      }
      ctx.print(
          ApiRequest.to("pubsub/pub")
              .arg(topicArg(topic))
              .body(Uploads.filesOrStdin(ctx, files))
              .build(),
          v -> {});
    }
  }

  @Command(
      name = "sub",
      description =
          "Subscribe to messages on a given topic, printing each message's data as it comes,"
              + " until interrupted.")
  static final class Sub implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "TOPIC", description = "Name of topic to subscribe to.")
    String topic;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("pubsub/sub").arg(topicArg(topic)).build(),
          v -> {
            // As Kubo: the data's bytes as they are, nothing added.
            String data = v.path("data").asText("");
            try {
              if (!data.isEmpty()) {
                ctx.out().stream().write(Multibase.decode(data));
              }
              ctx.out().flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  @Command(name = "ls", description = "List subscribed topics by name.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("pubsub/ls").build(),
          v -> {
            for (JsonNode t : v.path("Strings")) {
              ctx.out().println(Names.escape(plain(t.asText())));
            }
          });
    }
  }

  @Command(
      name = "peers",
      description = {
        "List peers we are currently pubsubbing with.",
        "With a topic, only the connected peers subscribed to it."
      })
  static final class Peers implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        arity = "0..1",
        paramLabel = "TOPIC",
        description = "Topic to list connected peers of.")
    String topic;

    @Override
    public void run() {
      ApiRequest.Builder request = ApiRequest.to("pubsub/peers");
      if (topic != null) {
        request.arg(topicArg(topic));
      }
      ctx.print(request.build(), v -> SwarmCommand.strings(ctx, v));
    }
  }
}
