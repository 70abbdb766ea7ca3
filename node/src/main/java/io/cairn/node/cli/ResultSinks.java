package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ResultSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Common ways for commands to take a result. */
final class ResultSinks {
  private ResultSinks() {}

  /** Raw output copied to {@code out}; emitted values are unexpected. */
  static ResultSink binaryTo(OutputStream out) {
    return new ResultSink() {
      @Override
      public void value(JsonNode value) {
        throw new UserException("unexpected output: " + value);
      }

      @Override
      public OutputStream binary(long length) {
        return new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            out.flush();
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
      }
    };
  }

  /** Values handed to {@code each}; raw output is unexpected. */
  static ResultSink values(Consumer<JsonNode> each) {
    return new ResultSink() {
      @Override
      public void value(JsonNode value) {
        each.accept(value);
      }

      @Override
      public OutputStream binary(long length) {
        throw new UncheckedIOException(new IOException("unexpected raw output"));
      }
    };
  }
}
