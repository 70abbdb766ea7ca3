package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Option;

/** The option blocks the {@code files} commands share. */
final class FilesOptions {
  private FilesOptions() {}

  /** Kubo's {@code -f/--flush}, which every {@code files} command takes. */
  static final class Flush {
    @Option(
        names = {"-f", "--flush"},
        arity = "0..1",
        fallbackValue = "true",
        paramLabel = "BOOL",
        description =
            "Flush the target and its parents after the change (default: true). Cairn writes"
                + " every change through, so false changes nothing; 'files rm' refuses it.")
    Boolean flush;

    /** Adds the flag to {@code request} when it was given. */
    ApiRequest.Builder to(ApiRequest.Builder request) {
      return request.option("flush", flush);
    }
  }

  /** Kubo's {@code --cid-version} and {@code --hash} of the nodes a command makes. */
  static final class CidFormat {
    @Option(
        names = {"--cid-version", "--cid-ver"},
        paramLabel = "N",
        description = "CID version of the new nodes (default: Import.CidVersion).")
    Integer cidVersion;

    @Option(
        names = "--hash",
        paramLabel = "NAME",
        description =
            "Hash function of the new nodes; makes the CID version 1 (default:"
                + " Import.HashFunction).")
    String hash;

    /** Adds the options given to {@code request}. */
    ApiRequest.Builder to(ApiRequest.Builder request) {
      return request.option("cid-version", cidVersion).option("hash", hash);
    }
  }
}
