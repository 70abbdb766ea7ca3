package io.cairn.compute.gpu;

import io.cairn.compute.CudaLaunch;
import io.cairn.compute.Engine;
import io.cairn.compute.JobSpec;
import io.cairn.compute.KernelArg;
import io.cairn.compute.Limits;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds CUDA job specs and their blocks for the tests. */
final class GpuJobs {
  private GpuJobs() {}

  static Cid add(BlockStore blocks, byte[] bytes) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importStream("f", new ByteArrayInputStream(bytes), ImportListener.NONE)
        .cid();
  }

  static byte[] cat(BlockStore blocks, Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toByteArray();
  }

  static Limits limits(Duration wallTime, long gpuMemoryBytes) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        d.memoryBytes(),
        d.fuel(),
        wallTime,
        d.outputBytes(),
        d.stdoutBytes(),
        d.stderrBytes(),
        gpuMemoryBytes);
  }

  /** SAXPY's launch: {@code out = a * x + y} over {@code n} floats, 256 threads a block. */
  static JobSpec saxpy(Cid ptx, Cid x, Cid y, int n, float a, Limits limits) {
    CudaLaunch launch =
        new CudaLaunch(
            "saxpy",
            new CudaLaunch.Dim3((n + 255) / 256, 1, 1),
            new CudaLaunch.Dim3(256, 1, 1),
            List.of(
                new KernelArg.Scalar(KernelArg.ScalarType.I32, n),
                new KernelArg.Scalar(KernelArg.ScalarType.F32, (double) a),
                new KernelArg.InputBuffer("x"),
                new KernelArg.InputBuffer("y"),
                new KernelArg.OutputBuffer("out", 4L * n)));
    return new JobSpec(
        Engine.CUDA, ptx, null, launch, List.of(), Map.of(), Map.of("x", x, "y", y), limits, null);
  }

  static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  static float[] floats(byte[] bytes) {
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
