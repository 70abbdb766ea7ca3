package io.cairn.retrieval.p2p.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/** A TCP echo server on 127.0.0.1 and a client for it, for the tests of tunnels. */
public final class TcpEcho {
  private TcpEcho() {}

  /** Starts a server that echoes each connection until its client half-closes, then closes it. */
  public static ServerSocket start() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                              // the client sees the broken connection
                            }
                          });
                } catch (IOException e) {
                  return;
                }
              }
            });
    return server;
  }

  /**
   * Connects to {@code port} on 127.0.0.1, sends {@code data}, half-closes, and returns everything
   * read until the other side closes (30 s at most between reads).
   */
  public static byte[] roundTrip(int port, byte[] data) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      // a thread of its own: the common pool may have a single thread, busy with the caller
      CompletableFuture<Void> sent = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  out.write(data);
                  out.flush();
                  s.shutdownOutput();
                  sent.complete(null);
                } catch (IOException e) {
                  sent.completeExceptionally(e);
                }
              });
      byte[] back = s.getInputStream().readAllBytes();
      sent.join();
      return back;
    }
  }
}
