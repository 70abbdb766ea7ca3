package io.cairn.compute.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.CudaLaunch.Dim3;
import io.cairn.compute.KernelArg.ScalarType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {
  static WorkerRequest sample() {
    return new WorkerRequest(
        Path.of("/scratch/module.ptx"),
        "saxpy",
        new Dim3(40, 2, 1),
        new Dim3(256, 1, 1),
        List.of(
            new WorkerRequest.Scalar(ScalarType.I32, -7L),
            new WorkerRequest.Scalar(ScalarType.I64, Long.MAX_VALUE),
            new WorkerRequest.Scalar(ScalarType.F32, 2.5d),
            new WorkerRequest.Scalar(ScalarType.F64, -1.0e-300d),
            // as the runner names the input "x ü" on the host: a path any locale can hold
            new WorkerRequest.Buffer(Path.of("/scratch/inputs/x %C3%BC"), 4096, false),
            new WorkerRequest.Buffer(Path.of("/scratch/outputs/out"), 1L << 40, true)),
        1L << 41);
  }

  static byte[] encode(WorkerRequest request) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    request.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  static WorkerRequest decode(byte[] bytes) throws IOException {
    return WorkerRequest.read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  @Test
  void requestRoundTrips() throws IOException {
    WorkerRequest request = sample();
    assertThat(decode(encode(request))).isEqualTo(request);
    assertThat(request.bufferBytes()).isEqualTo(4096 + (1L << 40));
  }

  @Test
  void truncatedOrForeignRequestIsRefused() throws IOException {
    byte[] bytes = encode(sample());
    assertThatThrownBy(() -> decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(java.io.EOFException.class);
    bytes[0] = 'X';
    assertThatThrownBy(() -> decode(bytes)).hasMessageContaining("bad magic");
  }

  @Test
  void replyLineRoundTripsAmongOtherOutput() {
    WorkerReply done = WorkerReply.done(123_456, "");
    WorkerReply failed = WorkerReply.failed("cuCtxSynchronize failed:\nCUDA_ERROR_ILLEGAL_ADDRESS");
    assertThat(failed.detail()).isEqualTo("cuCtxSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS");
    String output = "WARNING: something the JVM said\n" + failed.line() + "\n" + done.line() + "\n";
    assertThat(WorkerReply.parse(output)).contains(done);
    assertThat(WorkerReply.parse(failed.line())).contains(failed);
    assertThat(WorkerReply.parse(failed.line()).orElseThrow().gpuTimeNanos())
        .isEqualTo(OptionalLong.empty());
    assertThat(WorkerReply.parse("no result here\ncairn-gpu-result maybe 3 x\n")).isEmpty();
  }

  @Test
  void replyLineCarriesTheEnergyOrSaysItWasNotMeasured() {
    WorkerReply measured = WorkerReply.done(5, OptionalLong.of(1_500), "");
    assertThat(measured.line()).isEqualTo("cairn-gpu-result done 5 1500 ");
    assertThat(WorkerReply.parse(measured.line())).contains(measured);
    WorkerReply unmeasured = WorkerReply.done(5, "");
    assertThat(unmeasured.line()).isEqualTo("cairn-gpu-result done 5 -1 ");
    assertThat(WorkerReply.parse(unmeasured.line()).orElseThrow().energyMillijoules()).isEmpty();
    WorkerReply probe = WorkerReply.done(0, "NVIDIA H100 80GB HBM3, 85000000000 bytes");
    assertThat(WorkerReply.parse(probe.line()).orElseThrow().detail())
        .isEqualTo("NVIDIA H100 80GB HBM3, 85000000000 bytes");
  }
}
