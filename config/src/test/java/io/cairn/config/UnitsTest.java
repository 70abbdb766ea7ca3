package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  @ParameterizedTest
  @CsvSource({
    "10GB, 10000000000",
    "256KiB, 262144",
    "1MiB, 1048576",
    "1.5 MiB, 1572864",
    "4096, 4096",
    "42mib, 44040192",
    "42MB, 42000000",
    "10 gb, 10000000000",
    "1k, 1000",
    "2Ti, 2199023255552",
    "0, 0",
    "1B, 1",
  })
  void readsSizesAsGoHumanizeDoes(String text, long bytes) {
    assertThat(Units.parseBytes(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "GB", "10XB", "ten", "1.2.3GB", "99999EB"})
  void rejectsWhatIsNotASize(String text) {
    assertThatThrownBy(() -> Units.parseBytes(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "1h, PT1H",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "300ms, PT0.3S",
    "2h45m0.5s, PT2H45M0.5S",
    "0, PT0S",
    "90s, PT1M30S",
    "10us, PT0.00001S",
    "+5m, PT5M",
  })
  void readsDurationsAsGoDoes(String text, String iso) {
    assertThat(Units.parseDuration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1x", "-1h", "h", "1.2.3s", "1hour"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
