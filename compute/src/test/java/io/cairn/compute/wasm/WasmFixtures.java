package io.cairn.compute.wasm;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test modules in {@code src/test/resources/wasm} (their {@code .wat} sources beside them). */
public final class WasmFixtures {
  private WasmFixtures() {}

  /** Imports {@code bytes} as a UnixFS file with the default profile. */
  public static Cid add(BlockStore blocks, byte[] bytes) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importStream("f", new ByteArrayInputStream(bytes), ImportListener.NONE)
        .cid();
  }

  /** The whole of the UnixFS file {@code cid}. */
  public static byte[] cat(BlockStore blocks, Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toByteArray();
  }

  /** The bytes of {@code /wasm/NAME.wasm}. */
  public static byte[] bytes(String name) {
    try (InputStream in = WasmFixtures.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalArgumentException("no test module /wasm/" + name + ".wasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
