package io.cairn.node.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where commands write: text lines or JSON objects on stdout (one per line, as Kubo streams them
 * with {@code --enc=json}), raw bytes for {@code cat}/{@code block get}, and messages on stderr;
 * and the stdin that commands read when given no file ({@code add}, {@code block put}, ...).
 */
public final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final PrintStream out;
  private final PrintStream err;
  private final OutputStream raw;
  private final InputStream in;

  /** Output over the given streams, with the process's stdin as input. */
  public Output(OutputStream stdout, PrintStream stderr) {
    this(System.in, stdout, stderr);
  }

  public Output(InputStream stdin, OutputStream stdout, PrintStream stderr) {
    this.in = stdin;
    this.raw = new BufferedOutputStream(stdout, 1 << 16);
    this.out = new PrintStream(raw, false, StandardCharsets.UTF_8);
    this.err = stderr;
  }

  public static Output system() {
    return new Output(new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err);
  }

  /** The input read by commands given no file, or {@code -}. */
  public InputStream in() {
    return in;
  }

  /** Writes a line of text to stdout. */
  public void println(String line) {
    out.println(line);
  }

  public void print(String text) {
    out.print(text);
  }

  /** Writes one JSON value (Maps, Lists, records) and a newline. */
  public void json(Object value) {
    try {
      JSON.writeValue((OutputStream) out, value);
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one JSON value indented with tabs, as Kubo prints single objects such as {@code id}. */
  public void prettyJson(Object value) {
    try {
      var printer =
          new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
              .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("\t", "\n"))
              .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("\t", "\n"))
              .withSeparators(
                  com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(
                          com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
      out.print(JSON.writer(printer).writeValueAsString(value));
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw stdout stream for binary output; flush through {@link #flush()}. */
  public OutputStream stream() {
    out.flush();
    return raw;
  }

  /** A message on stderr (warnings, progress). */
  public PrintStream err() {
    return err;
  }

  /**
   * Whether stderr is a terminal, so a progress bar can be drawn there. The launcher tells us
   * ({@code -Dcairn.stderr.tty=true}); the JVM cannot see it for stderr by itself.
   */
  public static boolean stderrIsTerminal() {
    return Boolean.getBoolean("cairn.stderr.tty");
  }

  /**
   * Whether stdin is a terminal, so that commands do not wait there for arguments. The launcher
   * tells us ({@code -Dcairn.stdin.tty=true}).
   */
  public static boolean stdinIsTerminal() {
    return Boolean.getBoolean("cairn.stdin.tty");
  }

  public void flush() {
    out.flush();
    try {
      raw.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }
}
