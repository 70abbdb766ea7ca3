package io.cairn.retrieval.p2p.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FetchEngineTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final FetchEngine engine =
      new FetchEngine(new FetchOptions(Duration.ofSeconds(1), 64, 8));

  @Test
  void theLookupOfTheIdentifiersPrefixAnswers() {
    engine.register("/ipns/", id -> id[6] == 'a' ? Optional.of(utf8("A")) : Optional.empty());
    engine.register("/pk/", id -> Optional.of(utf8("K")));
    assertThat(engine.answer(utf8("/ipns/a")).data()).containsExactly('A');
    assertThat(engine.answer(utf8("/ipns/b")).status()).isEqualTo(FetchCodec.Status.NOT_FOUND);
    assertThat(engine.answer(utf8("/pk/x")).data()).containsExactly('K');
    FetchCodec.Response none = engine.answer(utf8("/other"));
    assertThat(none.status()).isEqualTo(FetchCodec.Status.ERROR);
    assertThat(new String(none.data(), StandardCharsets.UTF_8)).isEqualTo(FetchEngine.NO_LOOKUP);
  }

  @Test
  void aFailingLookupOrAValueOverTheCapIsAnError() {
    engine.register(
        "/bad/",
        id -> {
          throw new IllegalStateException("secret detail");
        });
    engine.register("/big/", id -> Optional.of(new byte[9]));
    FetchCodec.Response bad = engine.answer(utf8("/bad/1"));
    assertThat(bad.status()).isEqualTo(FetchCodec.Status.ERROR);
    assertThat(new String(bad.data(), StandardCharsets.UTF_8)).doesNotContain("secret");
    assertThat(engine.answer(utf8("/big/1")).status()).isEqualTo(FetchCodec.Status.ERROR);
  }

  @Test
  void aPrefixIsServedOnceUntilUnregistered() {
    engine.register("/ipns/", id -> Optional.empty());
    assertThatThrownBy(() -> engine.register("/ipns/", id -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThat(engine.unregister("/ipns/")).isTrue();
    assertThat(engine.unregister("/ipns/")).isFalse();
    assertThat(engine.answer(utf8("/ipns/a")).status()).isEqualTo(FetchCodec.Status.ERROR);
  }
}
