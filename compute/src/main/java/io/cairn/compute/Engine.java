package io.cairn.compute;

import java.util.Locale;

/** What runs a job: a WASI preview 1 module, or a PTX kernel on an NVIDIA GPU. */
public enum Engine {
  WASM,
  CUDA;

  /** The name used in specs and on the command line ({@code wasm}, {@code cuda}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The engine named {@code text}.
   *
   * @throws IllegalArgumentException naming the unknown engine and the known ones
   */
  public static Engine parse(String text) {
    for (Engine e : values()) {
      if (e.label().equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + text + "': use 'wasm' or 'cuda'");
  }
}
