package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("compute")
class PreparedModulesTest {
  private static PreparedModules.Prepared sized(long size) {
    return new PreparedModules.Prepared(null, -1, -1, null, size);
  }

  @Test
  void keysTellModulesAndHowTheyRunApart() {
    byte[] a = {0, 'a', 's', 'm', 1, 0, 0, 0};
    byte[] b = {0, 'a', 's', 'm', 1, 0, 0, 1};
    assertThat(PreparedModules.key(a, true, true))
        .isEqualTo(PreparedModules.key(a.clone(), true, true));
    assertThat(PreparedModules.key(a, true, true))
        .isNotEqualTo(PreparedModules.key(b, true, true))
        .isNotEqualTo(PreparedModules.key(a, false, true))
        .isNotEqualTo(PreparedModules.key(a, true, false));
  }

  @Test
  void holdsNoMoreModuleBytesThanItsBoundDroppingTheLeastRecentlyUsed() {
    PreparedModules cache = new PreparedModules(1_000);
    cache.put("a", sized(400));
    cache.put("b", sized(400));
    cache.get("a"); // a is now the most recently used
    cache.put("c", sized(400));
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    cache.put("huge", sized(1_001));
    assertThat(cache.get("huge")).isNull();
    assertThat(cache.size()).isEqualTo(2);
  }
}
