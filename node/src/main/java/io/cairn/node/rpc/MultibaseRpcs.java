package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.Multibase;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Kubo's {@code multibase encode|decode|transcode} (and {@code multibase/list}, as {@code
 * cid/bases}): the body's one file in, the result out as raw bytes: prefixed multibase text ({@code
 * b}, base64url by default) for encode and transcode, the decoded bytes for decode. Files are read
 * whole, up to {@link #MAX_BYTES}. Need no repo.
 */
final class MultibaseRpcs {
  /** The largest file these commands take, read in memory as Kubo reads it. */
  static final int MAX_BYTES = 32 << 20;

  private static final String FILE = "file";

  private MultibaseRpcs() {}

  static List<ApiCommand> all() {
    return List.of(
        new Coder("multibase/encode", true, false),
        new Coder("multibase/decode", false, true),
        new Coder("multibase/transcode", true, true),
        new CidListRpcs.Bases("multibase/list"));
  }

  /** Encodes, decodes, or both (transcode). */
  static final class Coder extends PathCommand {
    private final boolean encode;
    private final boolean decode;

    Coder(String path, boolean encode, boolean decode) {
      super(path);
      this.encode = encode;
      this.decode = decode;
    }

    @Override
    public Optional<String> requiredFile() {
      return Optional.of(FILE);
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
      Multibase base = null;
      if (encode) {
        String name = req.optionOr("b", "base64url");
        try {
          base = Multibase.forName(name);
        } catch (IllegalArgumentException e) {
          throw ApiException.client(e.getMessage());
        }
      }
      BodyPart part = req.requiredBody(FILE).next();
      byte[] data =
          Bodies.read(
              part,
              MAX_BYTES,
              Bodies.name(part) + " is over the " + (MAX_BYTES >> 20) + " MiB these commands take");
      if (decode) {
        try {
          data = Multibase.decode(new String(data, StandardCharsets.UTF_8).strip());
        } catch (IllegalArgumentException e) {
          throw ApiException.client("failed to decode multibase: " + e.getMessage()); // Kubo's
        }
      }
      byte[] out = encode ? base.encode(data).getBytes(StandardCharsets.US_ASCII) : data;
      try (OutputStream o = res.output(out.length)) {
        o.write(out);
      }
    }
  }
}
