package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import java.io.IOException;
import java.io.InputStream;

/** Reading the files of a request body whole, for commands that take small inputs. */
public final class Bodies {
  private Bodies() {}

  /** The name of a part in messages: its path, or {@code stdin} for an unnamed stream. */
  static String name(BodyPart part) {
    return part.path().isEmpty() ? "stdin" : part.path();
  }

  /**
   * The whole content of a file part, if it has at most {@code limit} bytes.
   *
   * @param tooLarge the message when it has more
   */
  public static byte[] read(BodyPart part, int limit, String tooLarge) throws IOException {
    if (part.kind() != BodyPart.Kind.FILE) {
      throw ApiException.client(name(part) + " is not a file");
    }
    try (InputStream in = part.content().open()) {
      byte[] data = in.readNBytes(limit + 1);
      if (data.length > limit) {
        throw new IllegalArgumentException(tooLarge);
      }
      return data;
    }
  }

  /**
   * The whole content of the one file a command takes (the body's first), if it has at most {@code
   * limit} bytes; else a client error naming the file and the limit on {@code what} it holds.
   */
  static byte[] readOne(ApiRequest req, String argument, int limit, String what)
      throws IOException {
    BodyPart part = req.requiredBody(argument).next();
    try {
      return read(part, limit, "");
    } catch (IllegalArgumentException tooLarge) {
      throw ApiException.client(
          name(part) + " is over the " + limit + " bytes " + what + " may have");
    }
  }
}
