package io.cairn.node.cli;

/** State of one CLI invocation: global options, output, and the repo once a command opens it. */
public final class CliSession implements AutoCloseable {
  /** Implemented by the root command so mixins can find the session. */
  public interface Holder {
    CliSession session();
  }

  private final GlobalOptions globals = new GlobalOptions();
  private final Output output;

  public CliSession(Output output) {
    this.output = output;
  }

  public GlobalOptions globals() {
    return globals;
  }

  public Output output() {
    return output;
  }

  @Override
  public void close() {
    output.flush();
  }
}
