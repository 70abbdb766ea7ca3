package io.cairn.retrieval.p2p.bitswap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * BENCH ONLY: the bytes of a file sent over one plain TCP connection on 127.0.0.1 (no encryption,
 * no framing), read and dropped by the other end: the ceiling for {@link P2pBench}.
 */
final class RawTcp {
  private static final int BUFFER = 256 * 1024;

  private RawTcp() {}

  /** Sends the file and returns the seconds until the receiver has read its last byte. */
  static double copy(Path file) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> drain(server));
      long start = System.nanoTime();
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          SocketChannel out =
              SocketChannel.open(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))) {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        while (in.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          buf.clear();
        }
      }
      long got = received.get();
      double seconds = P2pBench.seconds(start);
      P2pBench.check(got, java.nio.file.Files.size(file), null);
      return seconds;
    }
  }

  private static long drain(ServerSocket server) {
    try (Socket s = server.accept();
        InputStream in = s.getInputStream()) {
      byte[] buf = new byte[BUFFER];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw new IllegalStateException("raw TCP receiver failed: " + e, e);
    }
  }
}
