package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PinQueryTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00.500Z");
  private static final Cid V0 = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");

  @Test
  void withoutFiltersOnlyPinnedRequestsMatchAndTenAreListed() {
    PinQuery q = query(Map.of());
    assertThat(q.limit()).isEqualTo(10);
    assertThat(q.matches(request(PinRequest.Status.PINNED, "a", Map.of()))).isTrue();
    for (PinRequest.Status s :
        List.of(PinRequest.Status.QUEUED, PinRequest.Status.PINNING, PinRequest.Status.FAILED)) {
      assertThat(q.matches(request(s, "a", Map.of()))).as(s.wire()).isFalse();
    }
    PinQuery several = query(Map.of("status", List.of("queued,failed")));
    assertThat(several.matches(request(PinRequest.Status.FAILED, "a", Map.of()))).isTrue();
    assertThat(several.matches(request(PinRequest.Status.QUEUED, "a", Map.of()))).isTrue();
    assertThat(several.matches(request(PinRequest.Status.PINNED, "a", Map.of()))).isFalse();
  }

  @Test
  void namesMatchByTheFourStrategies() {
    PinRequest r = request(PinRequest.Status.PINNED, "Precious Data.pdf", Map.of());
    assertThat(matches(r, "name", "Precious Data.pdf")).isTrue();
    assertThat(matches(r, "name", "precious data.pdf")).isFalse();
    assertThat(matches(r, "name", "precious data.pdf", "match", "iexact")).isTrue();
    assertThat(matches(r, "name", "Data", "match", "partial")).isTrue();
    assertThat(matches(r, "name", "data", "match", "partial")).isFalse();
    assertThat(matches(r, "name", "DATA.PDF", "match", "ipartial")).isTrue();
    assertThat(matches(r, "name", "Precious", "match", "exact")).isFalse();
  }

  @Test
  void metaMatchesEveryGivenKeyInEitherForm() {
    PinRequest r = request(PinRequest.Status.PINNED, "", Map.of("app_id", "99", "region", "eu"));
    assertThat(matches(r, "meta", "{\"app_id\":\"99\"}")).isTrue();
    assertThat(matches(r, "meta", "{\"app_id\":\"99\",\"region\":\"eu\"}")).isTrue();
    assertThat(matches(r, "meta", "{\"app_id\":\"99\",\"region\":\"us\"}")).isFalse();
    assertThat(matches(r, "meta", "{\"other\":\"x\"}")).isFalse();
    assertThat(matches(r, "meta[app_id]", "99")).isTrue();
    assertThat(matches(r, "meta[app_id]", "98")).isFalse();
    assertThatThrownBy(() -> query(Map.of("meta", List.of("[1]"))))
        .hasMessageContaining("meta must be a JSON object");
    assertThatThrownBy(() -> query(Map.of("meta", List.of("{\"a\":1}"))))
        .hasMessageContaining("meta.a must be a string");
  }

  @Test
  void cidsMatchWhateverVersionTheyAreWrittenIn() {
    PinRequest r = request(PinRequest.Status.PINNED, "", Map.of());
    Cid other = Block.create(Multicodec.RAW, new byte[] {1}).cid();
    assertThat(matches(r, "cid", V0.toString())).isTrue();
    assertThat(matches(r, "cid", V0.toV1().toString())).isTrue();
    assertThat(matches(r, "cid", other + "," + V0)).isTrue();
    assertThat(matches(r, "cid", other.toString())).isFalse();
  }

  @Test
  void beforeAndAfterAreExclusiveRfc3339Bounds() {
    PinRequest r = request(PinRequest.Status.PINNED, "", Map.of());
    assertThat(matches(r, "before", "2024-05-01T10:00:00.500Z")).isFalse();
    assertThat(matches(r, "before", "2024-05-01T10:00:00.501Z")).isTrue();
    assertThat(matches(r, "after", "2024-05-01T10:00:00.500Z")).isFalse();
    assertThat(matches(r, "after", "2024-05-01T10:00:00.499Z")).isTrue();
    assertThat(matches(r, "after", "2024-05-01T12:00:00.499+02:00")).isTrue();
    // an unescaped '+' in a URL arrives as a space
    assertThat(matches(r, "before", "2024-05-01T12:00:01 02:00")).isTrue();
    assertThat(query(Map.of("before", List.of("2024-05-01T10:00:00.500Z"))).pastBefore(T)).isTrue();
  }

  @Test
  void limitsAndListsAreChecked() {
    assertThat(query(Map.of("limit", List.of("1000"))).limit()).isEqualTo(1000);
    assertThatThrownBy(() -> query(Map.of("limit", List.of("-1")))).isInstanceOf(BadRequest.class);
    assertThatThrownBy(() -> query(Map.of("status", List.of("pinned,"))))
        .hasMessageContaining("status has an empty entry");
    assertThatThrownBy(() -> query(Map.of("name", List.of("x".repeat(256)))))
        .hasMessageContaining("name is longer than 255");
  }

  private static boolean matches(PinRequest r, String... params) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      q.put(params[i], List.of(params[i + 1]));
    }
    return query(q).matches(r);
  }

  private static PinQuery query(Map<String, List<String>> q) {
    return PinQuery.parse(q);
  }

  private static PinRequest request(
      PinRequest.Status status, String name, Map<String, String> meta) {
    return new PinRequest(
        UUID.randomUUID(),
        new PinRequest.Pin(V0, name, List.of(), meta),
        status,
        T,
        Map.of(),
        Optional.empty());
  }
}
