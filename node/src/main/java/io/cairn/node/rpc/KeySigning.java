package io.cairn.node.rpc;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What Kubo's {@code key sign} and {@code key verify} share: the data is the body's one file, and
 * what is signed is that data after libp2p's prefix, so a signature made here cannot pass for one
 * of another protocol.
 */
final class KeySigning {
  static final String FILE_ARGUMENT = "data";

  /** Kubo's {@code signedMessagePrefix}. */
  private static final byte[] PREFIX =
      "libp2p-key signed message:".getBytes(StandardCharsets.US_ASCII);

  /** The most data a request signs or verifies; Kubo reads it whole too. */
  private static final int MAX_DATA = 32 << 20;

  private KeySigning() {}

  /** The prefixed message of the request's data. */
  static byte[] message(ApiRequest req) throws IOException {
    BodyPart part = req.requiredBody(FILE_ARGUMENT).next();
    byte[] data =
        Bodies.read(
            part,
            MAX_DATA,
            Bodies.name(part) + " is over " + (MAX_DATA >> 20) + " MiB, the most a key signs");
    byte[] message = new byte[PREFIX.length + data.length];
    System.arraycopy(PREFIX, 0, message, 0, PREFIX.length);
    System.arraycopy(data, 0, message, PREFIX.length, data.length);
    return message;
  }
}
