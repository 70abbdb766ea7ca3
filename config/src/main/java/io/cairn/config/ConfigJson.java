package io.cairn.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Reading and writing the config file as a JSON tree: order and unknown keys are kept, numbers are
 * kept exactly, output is indented as Kubo (Go's {@code json.MarshalIndent}) indents it, and writes
 * replace the file atomically.
 */
final class ConfigJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private ConfigJson() {}

  /**
   * Reads a config file.
   *
   * @throws ConfigException if the file is missing, unreadable, not JSON or not a JSON object
   */
  static ObjectNode read(Path file) {
    return parse(decode(readBytes(file), "config file " + file), "config file " + file);
  }

  /**
   * Reads a config file's bytes.
   *
   * @throws ConfigException if the file is missing or unreadable
   */
  static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new ConfigException("config file " + file + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes UTF-8 strictly.
   *
   * @throws ConfigException naming the byte offset and line of the first byte that is not UTF-8
   */
  static String decode(byte[] bytes, String source) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ConfigException(
          String.format(
              Locale.ROOT,
              "%s is not valid UTF-8 JSON: byte 0x%02x at offset %d (line %d) is not UTF-8",
              source,
              bytes[offset] & 0xff,
              offset,
              line));
    }
    return out.flip().toString();
  }

  /**
   * Parses JSON text that must hold an object.
   *
   * @param source names the text in errors ("config file /x/config")
   */
  static ObjectNode parse(String text, String source) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new ConfigException(
          source + " is not valid JSON: " + where + firstLine(e.getOriginalMessage()), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new ConfigException(source + " is empty");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ConfigException(
          source + " must hold a JSON object, not " + ConfigSchema.describe(node));
    }
    return object;
  }

  /** Indented JSON as Kubo writes it (two spaces, {@code "key": value}, empty {@code {}}). */
  static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /**
   * Replaces {@code file} with {@code text} so that a crash leaves either the old or the new file,
   * never a mix: the text goes to a temporary file in the same folder (owner-only, as the config
   * holds the private key), is forced to disk, and is renamed over the file; the folder is then
   * forced so the rename itself is durable.
   */
  static void writeAtomically(Path file, String text) {
    place(file, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Puts {@code bytes} at {@code file} through a temporary file in the same folder (owner-only),
   * forced to disk, then renamed over the file ({@code replace}) or linked to its name, which fails
   * if the file exists; the folder is then forced so the new name is durable.
   *
   * @throws java.nio.file.FileAlreadyExistsException (in an UncheckedIOException) when the file
   *     exists and {@code replace} is false
   */
  static void place(Path file, byte[] bytes, boolean replace) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = createPrivateFile(dir, "." + file.getFileName() + "-", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        tmp = null;
      } else {
        Files.createLink(file, tmp);
      }
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed, or the file is linked; a stray temporary file is harmless.
        }
      }
    }
  }

  /**
   * Creates a new empty file in {@code dir} named {@code prefix}, a random part and {@code suffix},
   * that only its owner may read or write (where the file system has POSIX permissions), as the
   * config holds the private key.
   */
  static Path createPrivateFile(Path dir, String prefix, String suffix) throws IOException {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? Files.createTempFile(
            dir,
            prefix,
            suffix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, prefix, suffix);
  }

  /** Forces a folder to disk so that a name just made, moved or removed in it is durable. */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open or sync a directory; the rename has still happened.
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
