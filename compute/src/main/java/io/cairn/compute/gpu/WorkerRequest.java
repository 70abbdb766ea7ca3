package io.cairn.compute.gpu;

import io.cairn.compute.CudaLaunch.Dim3;
import io.cairn.compute.KernelArg.ScalarType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the parent tells the GPU worker on its standard input: the PTX file, the kernel, the launch
 * shape, the arguments in order (scalars by value, buffers by file) and the GPU memory cap.
 *
 * <p>Binary form ({@link DataOutputStream}, big-endian): magic {@code CGPU}, version, PTX path,
 * kernel name, grid and block (three ints each), the cap, the argument count, then per argument a
 * tag byte and its fields.
 */
record WorkerRequest(
    Path ptx, String kernel, Dim3 grid, Dim3 block, List<Arg> args, long gpuMemoryCap) {
  static final int MAGIC = 0x43475055;
  static final int VERSION = 1;

  /** At most this many kernel arguments (CUDA's parameter space holds 4 KiB). */
  static final int MAX_ARGS = 512;

  WorkerRequest {
    Objects.requireNonNull(ptx, "ptx");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(block, "block");
    args = List.copyOf(args);
    if (args.size() > MAX_ARGS) {
      throw new IllegalArgumentException(
          "a kernel takes at most " + MAX_ARGS + " arguments, not " + args.size());
    }
    if (gpuMemoryCap < 0) {
      throw new IllegalArgumentException("the GPU memory cap must not be negative");
    }
  }

  /** One kernel argument as the worker sees it. */
  sealed interface Arg {}

  /** A scalar by value: integers as {@link Long}, floats as {@link Double}. */
  record Scalar(ScalarType type, Number value) implements Arg {
    Scalar {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A device buffer of {@code bytes} bytes: filled from {@code file} before the launch, or (output)
   * zeroed before and written to {@code file} after.
   */
  record Buffer(Path file, long bytes, boolean output) implements Arg {
    Buffer {
      Objects.requireNonNull(file, "file");
      if (bytes < 0) {
        throw new IllegalArgumentException("buffer " + file + " has a negative size");
      }
    }
  }

  /** Device memory the buffers need, in bytes. */
  long bufferBytes() {
    long total = 0;
    for (Arg arg : args) {
      if (arg instanceof Buffer b) {
        total = Math.addExact(total, b.bytes());
      }
    }
    return total;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(ptx.toString());
    out.writeUTF(kernel);
    writeDim(out, grid);
    writeDim(out, block);
    out.writeLong(gpuMemoryCap);
    out.writeInt(args.size());
    for (Arg arg : args) {
      switch (arg) {
        case Scalar s -> {
          out.writeByte(s.type().ordinal());
          switch (s.type()) {
            case I32, I64 -> out.writeLong(s.value().longValue());
            case F32, F64 -> out.writeDouble(s.value().doubleValue());
          }
        }
        case Buffer b -> {
          out.writeByte(b.output() ? TAG_OUTPUT : TAG_INPUT);
          out.writeUTF(b.file().toString());
          out.writeLong(b.bytes());
        }
      }
    }
    out.flush();
  }

  /**
   * Reads a request.
   *
   * @throws IOException if the stream ends early or holds no request of this version
   */
  static WorkerRequest read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a GPU worker request (bad magic)");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("GPU worker request version " + version + ", expected " + VERSION);
    }
    Path ptx = Path.of(in.readUTF());
    String kernel = in.readUTF();
    Dim3 grid = readDim(in);
    Dim3 block = readDim(in);
    long cap = in.readLong();
    int count = in.readInt();
    if (count < 0 || count > MAX_ARGS) {
      throw new IOException("GPU worker request with " + count + " arguments");
    }
    List<Arg> args = new ArrayList<>(count);
    ScalarType[] types = ScalarType.values();
    for (int i = 0; i < count; i++) {
      int tag = in.readUnsignedByte();
      if (tag < types.length) {
        ScalarType type = types[tag];
        Number value =
            switch (type) {
              case I32, I64 -> in.readLong();
              case F32, F64 -> in.readDouble();
            };
        args.add(new Scalar(type, value));
      } else if (tag == TAG_INPUT || tag == TAG_OUTPUT) {
        args.add(new Buffer(Path.of(in.readUTF()), in.readLong(), tag == TAG_OUTPUT));
      } else {
        throw new IOException("argument " + i + " has unknown tag " + tag);
      }
    }
    return new WorkerRequest(ptx, kernel, grid, block, args, cap);
  }

  private static final int TAG_INPUT = 16;
  private static final int TAG_OUTPUT = 17;

  private static void writeDim(DataOutputStream out, Dim3 d) throws IOException {
    out.writeInt(d.x());
    out.writeInt(d.y());
    out.writeInt(d.z());
  }

  private static Dim3 readDim(DataInputStream in) throws IOException {
    return new Dim3(in.readInt(), in.readInt(), in.readInt());
  }
}
