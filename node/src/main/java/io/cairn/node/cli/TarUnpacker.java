package io.cairn.node.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Unpacks the tar stream of {@code get} to disk as it is written, with the rules of Kubo's CLI
 * (boxo's {@code tar.Extractor}): the first entry is the root, one name without '/'; a root
 * directory becomes {@code target} (created or merged into), and every later entry must lie under
 * it; a root file or symlink becomes {@code target}, or goes inside it under its own name when
 * {@code target} is an existing directory. Names that could escape the target, and paths through
 * symlinks, are refused. Files go to a temporary file that is renamed into place; directories get
 * their mode and mtime once everything in them is written. {@code /dev/null} takes nothing.
 *
 * <p>Call {@link #finish} when the stream ended without error, {@link #abort} otherwise.
 */
final class TarUnpacker extends OutputStream {
  private static final int MAX_META = 1 << 20;

  private enum State {
    HEADER,
    META,
    DATA,
    PADDING,
    END
  }

  private final Path target;
  private final boolean discard;
  private final LongConsumer progress;
  private final byte[] header = new byte[TarHeader.BLOCK];
  private final Map<String, String> overrides = new HashMap<>();
  private final List<TarHeader> deferred = new ArrayList<>();
  private final List<Path> deferredPaths = new ArrayList<>();
  private State state = State.HEADER;
  private int headerFill;
  private int zeroBlocks;
  private long remaining;
  private long padding;
  private TarHeader entry;
  private ByteArrayOutputStream meta;
  private final TarEntryWriter writer;
  private String rootName;
  private boolean rootIsDirectory;

  /**
   * @param progress told the number of file bytes of each piece written
   */
  TarUnpacker(Path target, LongConsumer progress) {
    this.target = target.normalize();
    this.discard = target.toAbsolutePath().normalize().equals(Path.of("/dev/null"));
    this.progress = progress;
    this.writer = new TarEntryWriter();
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Unpacks the next bytes of the stream.
   *
   * @throws UncheckedIOException when the stream is malformed or the file system refuses a write:
   *     unchecked, so that the command fails with this message rather than as a broken transfer
   */
  @Override
  public void write(byte[] b, int off, int len) {
    try {
      unpack(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(ErrorHandler.message(e), e);
    }
  }

  private void unpack(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n =
          switch (state) {
            case HEADER -> {
              int k = Math.min(len, TarHeader.BLOCK - headerFill);
              System.arraycopy(b, off, header, headerFill, k);
              headerFill += k;
              if (headerFill == TarHeader.BLOCK) {
                headerFill = 0;
                onHeader();
              }
              yield k;
            }
            case META -> {
              int k = (int) Math.min(len, remaining);
              meta.write(b, off, k);
              remaining -= k;
              if (remaining == 0) {
                onMeta();
              }
              yield k;
            }
            case DATA -> {
              int k = (int) Math.min(len, remaining);
              writer.data(b, off, k);
              progress.accept(k);
              remaining -= k;
              if (remaining == 0) {
                endEntry();
              }
              yield k;
            }
            case PADDING -> {
              int k = (int) Math.min(len, padding);
              padding -= k;
              if (padding == 0) {
                state = State.HEADER;
              }
              yield k;
            }
            case END -> len;
          };
      off += n;
      len -= n;
    }
  }

  private void onHeader() throws IOException {
    if (TarHeader.isZero(header)) {
      if (++zeroBlocks == 2) {
        state = State.END;
      }
      return;
    }
    zeroBlocks = 0;
    TarHeader h = TarHeader.parse(header, overrides);
    switch (h.type()) {
      case 'x', 'g', 'L', 'K' -> {
        if (h.size() > MAX_META) {
          throw new IOException("tar metadata entry of " + h.size() + " bytes is too large");
        }
        entry = h;
        meta = new ByteArrayOutputStream();
        remaining = h.size();
        padding = pad(h.size());
        state = State.META;
        if (remaining == 0) {
          onMeta();
        }
        return;
      }
      default -> overrides.clear();
    }
    startEntry(h);
  }

  private void onMeta() throws IOException {
    byte[] data = meta.toByteArray();
    switch (entry.type()) {
      case 'x' -> TarHeader.paxRecords(data, overrides);
      case 'L' -> overrides.put("path", cString(data));
      case 'K' -> overrides.put("linkpath", cString(data));
      default -> {
        // 'g': global records name nothing an extraction needs
      }
    }
    meta = null;
    afterBody();
  }

  private void startEntry(TarHeader h) throws IOException {
    Path out = discard ? null : place(h);
    entry = h;
    remaining = h.type() == '0' ? h.size() : 0;
    padding = pad(remaining);
    if (out != null) {
      switch (h.type()) {
        case '0' -> writer.startFile(out);
        case '5' -> {
          writer.directory(out);
          deferred.add(h);
          deferredPaths.add(out);
        }
        case '2' -> writer.symlink(out, h);
        default -> throw new IOException("unrecognized tar header type: " + h.type());
      }
    }
    if (remaining > 0) {
      state = State.DATA;
    } else {
      endEntry();
    }
  }

  private void endEntry() throws IOException {
    if (entry.type() == '0' && !discard) {
      writer.endFile(entry);
    }
    afterBody();
  }

  private void afterBody() {
    state = padding > 0 ? State.PADDING : State.HEADER;
  }

  /** Where an entry goes, by boxo's rules for the root and for the entries under it. */
  private Path place(TarHeader h) throws IOException {
    String name = h.name();
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    if (rootName == null) {
      if (name.contains("/") || name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new IOException("tar has invalid root: \"" + h.name() + "\"");
      }
      rootName = name;
      rootIsDirectory = h.type() == '5';
      if (rootIsDirectory) {
        return target;
      }
      return Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? target.resolve(TarEntryWriter.checkName(name))
          : target;
    }
    if (!rootIsDirectory) {
      throw new IOException("the root was not a directory and the tar has multiple entries");
    }
    if (!name.startsWith(rootName + "/")) {
      throw new IOException("tar entry \"" + h.name() + "\" is not under the root " + rootName);
    }
    String[] parts = name.substring(rootName.length() + 1).split("/", -1);
    Path out = target;
    for (int i = 0; i < parts.length; i++) {
      out = out.resolve(TarEntryWriter.checkName(parts[i]));
      if (i < parts.length - 1) {
        TarEntryWriter.requireDirectory(out);
      }
    }
    return out;
  }

  private static long pad(long size) {
    return (TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK;
  }

  private static String cString(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Checks the stream ended whole and gives directories their mode and mtime, innermost first.
   *
   * @throws IOException when the stream stopped inside an entry or held nothing
   */
  void finish() throws IOException {
    if (state == State.DATA || state == State.META || headerFill != 0) {
      throw new IOException("the tar stream ended inside " + entry.name());
    }
    if (rootName == null) {
      throw new IOException("empty tar file");
    }
    for (int i = deferred.size() - 1; i >= 0; i--) {
      TarEntryWriter.applyMetadata(deferredPaths.get(i), deferred.get(i));
    }
    deferred.clear();
  }

  /** Removes a partly written file after a failure. */
  void abort() {
    writer.abort();
  }
}
