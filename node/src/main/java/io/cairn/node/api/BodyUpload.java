package io.cairn.node.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a request body (the files of a multipart upload, chunked) on a thread of its own while
 * {@link RemoteApi} reads the response, so that progress events and uploads flow together. A
 * failure to write to the socket is the connection's: the daemon's answer says what happened. A
 * failure to read the files (one missing, one unreadable) is kept, to be reported instead of the
 * truncated request the daemon then refused.
 */
final class BodyUpload {
  private final Thread thread;
  private final AtomicReference<RuntimeException> sourceError = new AtomicReference<>();

  BodyUpload(Socket socket, OutputStream out, MultipartWriter multipart, ApiRequest request) {
    OutputStream wire = new TransportStream(out);
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("api-upload")
            .start(
                () -> {
                  try {
                    // Not closed on failure: the body must not look complete to the daemon.
                    HttpStreams.ChunkedOutputStream chunked =
                        new HttpStreams.ChunkedOutputStream(wire);
                    multipart.write(request.body(), chunked);
                    chunked.close();
                  } catch (TransportException e) {
                    // the daemon closed the connection; its answer tells why
                  } catch (Exception e) {
                    sourceError.set(
                        e instanceof RuntimeException r
                            ? r
                            : new ApiException(ApiException.Kind.NORMAL, Errors.message(e), e));
                    try {
                      socket.shutdownOutput();
                    } catch (IOException ignored) {
                      // the socket is closing anyway
                    }
                  }
                });
  }

  /** Waits for the upload to end (close the socket first to cut it short). */
  void join() {
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Throws the error that stopped reading the files, if one did; waits for the upload first. */
  void throwSourceError() {
    join();
    RuntimeException e = sourceError.get();
    if (e != null) {
      throw e;
    }
  }

  /** A write to the socket that failed: the connection's problem, not the files'. */
  private static final class TransportException extends IOException {
    TransportException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Marks every failure of writing to the socket as a {@link TransportException}. */
  private static final class TransportStream extends OutputStream {
    private final OutputStream out;

    TransportStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new TransportException(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new TransportException(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new TransportException(e);
      }
    }
  }
}
