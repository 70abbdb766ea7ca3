package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;

/**
 * Kubo's text of one routing query event ({@code printEvent}): nothing for progress events unless
 * verbose, where each is a line after the local time ({@code 15:04:05.000: * querying <peer>}); a
 * command renders some event types its own way ({@code dht query}: a final peer's ID).
 */
final class QueryEventText {
  static final int SENDING_QUERY = 0;
  static final int PEER_RESPONSE = 1;
  static final int FINAL_PEER = 2;
  static final int QUERY_ERROR = 3;
  static final int VALUE = 5;
  static final int ADDING_PEER = 6;
  static final int DIALING_PEER = 7;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private QueryEventText() {}

  /**
   * The text of {@code event}; {@code own} renders the event types the command prints its own way.
   */
  static String render(
      JsonNode event,
      boolean verbose,
      LocalTime now,
      Map<Integer, Function<JsonNode, String>> own) {
    String prefix = verbose ? TIME.format(now) + ": " : "";
    int type = event.path("Type").asInt();
    String id = event.path("ID").asText();
    Function<JsonNode, String> custom = own.get(type);
    if (custom != null) {
      return prefix + custom.apply(event);
    }
    if (type == VALUE && !verbose) {
      return event.path("Extra").asText();
    }
    if (!verbose) {
      return "";
    }
    return prefix
        + switch (type) {
          case SENDING_QUERY -> "* querying " + id + "\n";
          case VALUE -> "got value: '" + event.path("Extra").asText() + "'\n";
          case PEER_RESPONSE -> {
            StringBuilder line = new StringBuilder("* " + id + " says use ");
            event.path("Responses").forEach(p -> line.append(p.path("ID").asText()).append(' '));
            yield line.append('\n').toString();
          }
          case QUERY_ERROR -> "error: " + event.path("Extra").asText() + "\n";
          case DIALING_PEER -> "dialing peer: " + id + "\n";
          case ADDING_PEER -> "adding peer to query: " + id + "\n";
          case FINAL_PEER -> "";
          default -> "unrecognized event type: " + type + "\n";
        };
  }
}
