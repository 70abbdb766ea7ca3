package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalTime;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Kubo's {@code printEvent} text of each routing query event. */
class QueryEventTextTest {
  private static final LocalTime NOW = LocalTime.of(9, 5, 7, 42_000_000);
  private static final Map<Integer, Function<JsonNode, String>> FINAL_ID =
      Map.of(QueryEventText.FINAL_PEER, e -> e.path("ID").asText() + "\n");

  private static String text(String json, boolean verbose) throws Exception {
    return QueryEventText.render(new ObjectMapper().readTree(json), verbose, NOW, FINAL_ID);
  }

  @Test
  void progressEventsArePrintedOnlyWhenVerbose() throws Exception {
    String sending = "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":0}";
    String answer =
        "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":[{\"Addrs\":[],\"ID\":\"QmB\"},"
            + "{\"Addrs\":[],\"ID\":\"QmC\"}],\"Type\":1}";
    String error = "{\"Extra\":\"refused\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":3}";
    String dialing = "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":7}";
    String adding = "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":6}";
    String odd = "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":9}";
    for (String e : new String[] {sending, answer, error, dialing, adding, odd}) {
      assertThat(text(e, false)).isEmpty();
    }
    assertThat(text(sending, true)).isEqualTo("09:05:07.042: * querying QmA\n");
    assertThat(text(answer, true)).isEqualTo("09:05:07.042: * QmA says use QmB QmC \n");
    assertThat(text(error, true)).isEqualTo("09:05:07.042: error: refused\n");
    assertThat(text(dialing, true)).isEqualTo("09:05:07.042: dialing peer: QmA\n");
    assertThat(text(adding, true)).isEqualTo("09:05:07.042: adding peer to query: QmA\n");
    assertThat(text(odd, true)).isEqualTo("09:05:07.042: unrecognized event type: 9\n");
  }

  @Test
  void aFinalPeerIsItsIdAndAValueItsText() throws Exception {
    String last = "{\"Extra\":\"\",\"ID\":\"QmA\",\"Responses\":null,\"Type\":2}";
    String value = "{\"Extra\":\"v\",\"ID\":\"\",\"Responses\":null,\"Type\":5}";
    assertThat(text(last, false)).isEqualTo("QmA\n");
    assertThat(text(last, true)).isEqualTo("09:05:07.042: QmA\n");
    assertThat(text(value, false)).isEqualTo("v");
    assertThat(text(value, true)).isEqualTo("09:05:07.042: got value: 'v'\n");
  }
}
