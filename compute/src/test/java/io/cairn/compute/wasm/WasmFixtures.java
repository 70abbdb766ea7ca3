package io.cairn.compute.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test modules in {@code src/test/resources/wasm} (their {@code .wat} sources beside them). */
public final class WasmFixtures {
  private WasmFixtures() {}

  /** The bytes of {@code /wasm/NAME.wasm}. */
  public static byte[] bytes(String name) {
    try (InputStream in = WasmFixtures.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalArgumentException("no test module /wasm/" + name + ".wasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
