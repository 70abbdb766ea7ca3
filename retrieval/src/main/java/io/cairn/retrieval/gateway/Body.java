package io.cairn.retrieval.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** What follows a response's head: nothing, bytes in hand, or a stream written when it is sent. */
sealed interface Body {
  Body NONE = new None();

  /** The body's length, or -1 when it is only known once written (sent chunked). */
  long length();

  /** No body at all (304, redirects without text); Content-Length is left to the headers. */
  record None() implements Body {
    @Override
    public long length() {
      return 0;
    }
  }

  /** Bytes already read. */
  record Bytes(byte[] data) implements Body {
    public Bytes {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public long length() {
      return data.length;
    }
  }

  /**
   * Bytes written to the connection when the response is sent, on a gateway worker thread; the
   * writer blocks while the client is slow to read. Not called for HEAD requests.
   *
   * @param length the bytes the writer will write, or -1 when unknown
   */
  record Stream(long length, Writer writer) implements Body {
    public Stream {
      Objects.requireNonNull(writer, "writer");
    }
  }

  /** Writes a streamed body; an exception after the head is sent aborts the connection. */
  @FunctionalInterface
  interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }
}
