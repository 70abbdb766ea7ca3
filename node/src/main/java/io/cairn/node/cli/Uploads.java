package io.cairn.node.cli;

import io.cairn.node.api.BodyPart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The files a command sends in its request body (as Kubo's CLI sends them): files named on the
 * command line, each a part named by its file name, or stdin as one unnamed part.
 */
final class Uploads {
  private Uploads() {}

  /**
   * Parts for {@code files} ({@code -} is stdin), or for stdin alone when there are none. Each file
   * is checked to be readable first, so that a missing one fails before anything is sent.
   *
   * @throws UserException naming a file that cannot be read
   */
  static Iterator<BodyPart> filesOrStdin(CommandContext ctx, List<String> files) {
    List<BodyPart> parts = new ArrayList<>();
    if (files == null || files.isEmpty()) {
      parts.add(stdin(ctx));
      return parts.iterator();
    }
    for (String name : files) {
      if (name.equals("-")) {
        parts.add(stdin(ctx));
        continue;
      }
      Path file = Path.of(name);
      if (isPipeOrDevice(file)) {
        // A named pipe can be opened and read once: opening it here would take the writer's
        // bytes (or its only open), so it is only checked to be readable.
        if (!Files.isReadable(file)) {
          throw new UserException("cannot read " + name + ": permission denied");
        }
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          // readable
        } catch (IOException e) {
          String why = ErrorHandler.message(e);
          throw new UserException(why.contains(name) ? why : "cannot read " + name + ": " + why, e);
        }
      }
      Path fileName = file.getFileName();
      parts.add(
          BodyPart.file(
              fileName == null ? name : fileName.toString(), () -> Files.newInputStream(file)));
    }
    return parts.iterator();
  }

  /** Whether {@code file} is a named pipe, socket or device: none is read twice alike. */
  private static boolean isPipeOrDevice(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).isOther();
    } catch (IOException e) {
      return false; // the open below names what is wrong
    }
  }

  private static BodyPart stdin(CommandContext ctx) {
    return BodyPart.file("", () -> ctx.out().in());
  }
}
