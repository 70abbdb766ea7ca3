package io.cairn.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Cancellation;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryEvents}: events in order until the operation ends, which a time-out or a client that
 * goes cancels.
 */
class QueryEventsTest {
  private final List<Object> emitted = new CopyOnWriteArrayList<>();
  private final ApiResponse res =
      new ApiResponse() {
        @Override
        public void emit(Object value) {
          emitted.add(value);
        }

        @Override
        public OutputStream output(long length) {
          throw new UnsupportedOperationException("events only");
        }
      };
  private final Cancellation cancellation = new Cancellation();
  private final ApiRequest req =
      new ApiRequest("dht/query", List.of(), Map.of(), null, cancellation);

  private static Map<String, Object> event(String id) {
    return P2pRpcs.event(P2pRpcs.SENDING_QUERY, id, null, "");
  }

  @Test
  void writesTheEventsUntilTheOperationEndsAndReturnsItsResult() throws Exception {
    QueryEvents events = new QueryEvents();
    CompletableFuture<String> op = new CompletableFuture<>();
    new Thread(
            () -> {
              events.add(event("a"));
              events.add(event("b"));
              // the operation ends once stream() follows it, as a network lookup does
              while (op.getNumberOfDependents() == 0) {
                Thread.onSpinWait();
              }
              op.complete("done");
              events.add(event("late"));
            })
        .start();

    assertThat(events.stream(op, Duration.ofSeconds(30), "the query", req, res)).isEqualTo("done");
    assertThat(emitted).containsExactly(event("a"), event("b"));
  }

  @Test
  void anOperationThatEndsBeforeTheWritingStartsSealsTheEventsAtItsEnd() throws Exception {
    QueryEvents events = new QueryEvents();
    CompletableFuture<String> op = events.follow(new CompletableFuture<>());
    events.add(event("a"));
    op.complete("done");
    events.add(event("late")); // a step told after the lookup ended, before stream() began

    assertThat(events.stream(op, Duration.ofSeconds(30), "the query", req, res)).isEqualTo("done");
    assertThat(emitted).containsExactly(event("a"));
  }

  @Test
  void aClientThatGoesCancelsTheOperation() {
    QueryEvents events = new QueryEvents();
    CompletableFuture<String> op = new CompletableFuture<>();
    ApiException gone = new ApiException(ApiException.Kind.NORMAL, "context canceled");
    new Thread(() -> cancellation.cancel(gone)).start();

    assertThatThrownBy(() -> events.stream(op, Duration.ofSeconds(30), "the query", req, res))
        .isSameAs(gone);
    assertThat(op).isCancelled();
  }

  @Test
  void theTimeOutCancelsTheOperation() {
    QueryEvents events = new QueryEvents();
    CompletableFuture<String> op = new CompletableFuture<>();

    assertThatThrownBy(() -> events.stream(op, Duration.ofMillis(100), "the query", req, res))
        .hasMessage("the query timed out after 0 s");
    assertThat(op).isCancelled();
  }
}
