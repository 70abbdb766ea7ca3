package io.cairn.compute;

import java.util.Locale;
import java.util.Objects;

/** One argument of a CUDA kernel: a scalar, or a device buffer bound to an input or output file. */
public sealed interface KernelArg {
  /** Scalar kinds a kernel parameter may have. */
  enum ScalarType {
    I32,
    I64,
    F32,
    F64;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static ScalarType parse(String text) {
      for (ScalarType t : values()) {
        if (t.label().equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown scalar type '" + text + "': use i32, i64, f32 or f64");
    }

    boolean integral() {
      return this == I32 || this == I64;
    }
  }

  /**
   * A scalar passed by value; integers are held as {@link Long}, floats as {@link Double}.
   *
   * @throws IllegalArgumentException if the value does not fit the type
   */
  record Scalar(ScalarType type, Number value) implements KernelArg {
    public Scalar {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      if (type.integral()) {
        if (!(value instanceof Long || value instanceof Integer)) {
          throw new IllegalArgumentException(type.label() + " argument must be an integer");
        }
        value = value.longValue();
        if (type == ScalarType.I32
            && (value.longValue() < Integer.MIN_VALUE || value.longValue() > Integer.MAX_VALUE)) {
          throw new IllegalArgumentException("i32 argument " + value + " does not fit 32 bits");
        }
      } else {
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException(type.label() + " argument must be finite");
        }
        if (type == ScalarType.F32 && Math.abs(d) > Float.MAX_VALUE) {
          throw new IllegalArgumentException("f32 argument " + d + " does not fit 32 bits");
        }
        value = d;
      }
    }
  }

  /** A device buffer filled with the bytes of the input named {@code input} before the launch. */
  record InputBuffer(String input) implements KernelArg {
    public InputBuffer {
      JobPaths.checkName("input buffer", input);
    }
  }

  /**
   * A zeroed device buffer of {@code bytes} bytes, written after the launch to {@code
   * /outputs/<file>}.
   */
  record OutputBuffer(String file, long bytes) implements KernelArg {
    public OutputBuffer {
      JobPaths.checkName("output buffer", file);
      if (bytes < 1 || bytes > Limits.MAX_GPU_MEMORY_BYTES) {
        throw new IllegalArgumentException(
            "output buffer '"
                + file
                + "' must have between 1 and "
                + Limits.MAX_GPU_MEMORY_BYTES
                + " bytes, not "
                + bytes);
      }
    }
  }
}
