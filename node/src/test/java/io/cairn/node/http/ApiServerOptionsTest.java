package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code API.HTTPHeaders} go into every response: one that cannot be sent must stop the daemon at
 * start with its name, not make every response fail to be written (the client then waits for an
 * answer that never comes).
 */
class ApiServerOptionsTest {
  private static ApiServerOptions withHeaders(Map<String, List<String>> headers) {
    return new ApiServerOptions(new InetSocketAddress("127.0.0.1", 0), headers, Map.of());
  }

  @Test
  void refusesAHeaderValueWithALineBreak() {
    assertThatThrownBy(() -> withHeaders(Map.of("X-Bad", List.of("a\r\nb"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "API.HTTPHeaders: the value of X-Bad holds a control character (0x0d), which a"
                + " header cannot carry");
  }

  @Test
  void refusesAHeaderNameThatIsNotAToken() {
    assertThatThrownBy(() -> withHeaders(Map.of("X Bad:", List.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("API.HTTPHeaders: 'X Bad:' is not a valid header name");
  }
}
