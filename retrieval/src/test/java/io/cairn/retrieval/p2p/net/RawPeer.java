package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A peer on a plain blocking socket that the test drives byte by byte: it can speak
 * multistream-select, Noise (as initiator) and Yamux correctly up to the point where it misbehaves.
 */
final class RawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private NoiseHandshake.Ciphers ciphers;
  private final ByteBuf decrypted = Unpooled.buffer();

  RawPeer(InetSocketAddress address) throws IOException {
    this(address, 0);
  }

  /** A peer whose socket receive buffer is {@code receiveBuffer} bytes (0: the system's). */
  RawPeer(InetSocketAddress address, int receiveBuffer) throws IOException {
    this(address, receiveBuffer, null);
  }

  /** A peer connecting from the local address {@code from} (null: any). */
  RawPeer(InetSocketAddress address, int receiveBuffer, java.net.InetAddress from)
      throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    if (from != null) {
      socket.bind(new InetSocketAddress(from, 0));
    }
    socket.connect(address, 10_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(ByteBuf bytes) throws IOException {
    byte[] b = ByteBufs.bytes(bytes);
    out.write(b);
    out.flush();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** multistream-select for {@code protocol} in the clear; checks the listener agreed. */
  void negotiate(String protocol) throws IOException {
    send(Multistream.encode(ByteBufAllocator.DEFAULT, Multistream.HEADER, protocol));
    expect(readPlainMessage(), Multistream.HEADER);
    expect(readPlainMessage(), protocol);
  }

  private String readPlainMessage() throws IOException {
    int length = in.readUnsignedByte();
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, 0, length - 1, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The Noise handshake as initiator with {@code key}; transport ciphers are kept. It lists no
   * stream muxers, as an implementation without inlined muxer negotiation, so the muxer is then
   * chosen with multistream-select.
   */
  void handshake(HostKey key) throws IOException {
    handshake(key, List.of());
  }

  /** The Noise handshake as initiator with {@code key}, listing {@code muxers} in its payload. */
  void handshake(HostKey key, List<String> muxers) throws IOException {
    handshake(key, muxers, false);
  }

  /**
   * The handshake, going on when the listener lists no muxer of {@code muxers} if {@code
   * ignoreNoCommonMuxer}, where the spec says the initiator must stop: a peer breaking that rule.
   */
  void handshake(HostKey key, List<String> muxers, boolean ignoreNoCommonMuxer) throws IOException {
    NoiseHandshake hs = handshakeToMessage3(key, muxers, ignoreNoCommonMuxer);
    writeFrame(hs.writeMessage3());
    ciphers = hs.split();
  }

  /** The handshake with {@code payload}, whatever it holds, in place of the signed payload. */
  void handshakeWithPayload(HostKey key, byte[] payload) throws IOException {
    writeFrame(handshakeToMessage3(key, List.of(), false).writeMessage3(payload));
  }

  private NoiseHandshake handshakeToMessage3(
      HostKey key, List<String> muxers, boolean ignoreNoCommonMuxer) throws IOException {
    NoiseHandshake hs = new NoiseHandshake(true, key, "listener", muxers);
    writeFrame(hs.writeMessage1());
    try {
      hs.readMessage2(readFrame());
    } catch (PeerMisbehaved e) {
      if (!ignoreNoCommonMuxer || !e.getMessage().contains("none in common")) {
        throw e;
      }
    }
    return hs;
  }

  /** Everything up to an open Yamux session: /noise, the handshake, /yamux/1.0.0. */
  void upgrade(HostKey key) throws IOException {
    negotiate(ConnectionSetup.NOISE);
    handshake(key);
    sendEncrypted(
        Multistream.encode(ByteBufAllocator.DEFAULT, Multistream.HEADER, ConnectionSetup.YAMUX));
    expect(readEncryptedMessage(), Multistream.HEADER);
    expect(readEncryptedMessage(), ConnectionSetup.YAMUX);
  }

  /** Up to an open Yamux session with the muxer chosen in the handshake: no multistream round. */
  void upgradeInline(HostKey key) throws IOException {
    negotiate(ConnectionSetup.NOISE);
    handshake(key, List.of(ConnectionSetup.YAMUX));
  }

  /** Sends {@code plaintext} in as many Noise frames as it needs. */
  void sendEncrypted(ByteBuf plaintext) throws IOException {
    byte[] p = ByteBufs.bytes(plaintext);
    int max = 65535 - 16;
    for (int at = 0; at == 0 || at < p.length; at += max) {
      byte[] chunk = java.util.Arrays.copyOfRange(p, at, Math.min(p.length, at + max));
      writeFrame(ciphers.send().encrypt(new byte[0], chunk));
    }
  }

  private String readEncryptedMessage() throws IOException {
    while (true) {
      String m = Multistream.read(decrypted, "listener");
      if (m != null) {
        return m;
      }
      try {
        decrypted.writeBytes(ciphers.receive().decrypt(new byte[0], readFrame()));
      } catch (javax.crypto.AEADBadTagException e) {
        throw new IOException("cannot decrypt a frame from the listener", e);
      }
    }
  }

  /**
   * The next Yamux frame from the listener as {type, flags, stream ID, length}; a Data frame's
   * payload is read and appended to {@code payloads} when it is not null.
   */
  long[] readYamuxFrame(io.netty.buffer.ByteBuf payloads) throws IOException {
    long[] f = null;
    while (true) {
      if (f == null && decrypted.readableBytes() >= YamuxFrame.HEADER_LENGTH) {
        decrypted.readByte();
        f =
            new long[] {
              decrypted.readUnsignedByte(),
              decrypted.readUnsignedShort(),
              decrypted.readInt(),
              decrypted.readUnsignedInt()
            };
        if (f[0] != YamuxFrame.DATA) {
          return f;
        }
      }
      if (f != null && decrypted.readableBytes() >= f[3]) {
        if (payloads != null) {
          payloads.writeBytes(decrypted, (int) f[3]);
        } else {
          decrypted.skipBytes((int) f[3]);
        }
        decrypted.discardReadBytes();
        return f;
      }
      try {
        decrypted.writeBytes(ciphers.receive().decrypt(new byte[0], readFrame()));
      } catch (javax.crypto.AEADBadTagException e) {
        throw new IOException("cannot decrypt a frame from the listener", e);
      }
    }
  }

  void writeFrame(byte[] frame) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(2 + frame.length);
    b.putShort((short) frame.length).put(frame);
    send(b.array());
  }

  private byte[] readFrame() throws IOException {
    int length = in.readUnsignedShort();
    byte[] b = new byte[length];
    in.readFully(b);
    return b;
  }

  /**
   * A TLS 1.3 client over this socket (after {@link #negotiate} of {@code /tls/1.0.0}) with the
   * certificate and trust of {@code tls}, offering {@code alpn}; the handshake is started.
   */
  javax.net.ssl.SSLSocket tls(TlsSecurity tls, String... alpn) throws IOException {
    javax.net.ssl.SSLSocket ssl =
        (javax.net.ssl.SSLSocket)
            tls.context().getSocketFactory().createSocket(socket, null, socket.getPort(), false);
    javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
    params.setProtocols(new String[] {"TLSv1.3"});
    params.setApplicationProtocols(alpn);
    ssl.setSSLParameters(params);
    ssl.setUseClientMode(true);
    ssl.setSoTimeout(10_000);
    ssl.startHandshake();
    return ssl;
  }

  /** Reads {@code ssl} until the listener closes it or sends an alert; false if open after 10 s. */
  static boolean closedByPeer(javax.net.ssl.SSLSocket ssl) throws IOException {
    try {
      while (ssl.getInputStream().read() >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // an alert, a reset
    }
  }

  /** Reads until the listener closes the connection; false if it was still open after 10 s. */
  boolean closedByPeer() throws IOException {
    try {
      while (in.read() >= 0) {
        // discard what the listener still sends (GoAway, window updates)
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static void expect(String got, String wanted) throws IOException {
    if (!got.equals(wanted)) {
      throw new IOException("the listener answered '" + got + "', not '" + wanted + "'");
    }
  }

  @Override
  public void close() throws IOException {
    decrypted.release();
    socket.close();
  }
}
