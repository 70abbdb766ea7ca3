package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Storage;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The mutable file system (Kubo's MFS, {@code ipfs files}): one tree of UnixFS directories and
 * files whose root CID changes with every change, kept across restarts and from garbage collection.
 * Every change is written through: its blocks are stored and the new root recorded before the call
 * returns, so Kubo's {@code --flush=false} has nothing to defer. Changes are serialized; reads see
 * the last finished change.
 *
 * <p>Paths are absolute MFS paths ({@code /a/b}); {@link #checkPath} cleans them as Kubo does.
 * Every method taking a {@link BlockStore} reads existing nodes through it (the node passes one
 * that fetches missing blocks from peers, or refuses when offline) and writes new blocks to the
 * repo.
 */
public final class Mfs {
  /** The state-table key the root CID is kept under, as a garbage-collection root. */
  public static final String ROOT_NAME = "mfs";

  /**
   * A CID format asked for with {@code --cid-version} and {@code --hash}: a hash other than
   * sha2-256 makes the version 1, as in Kubo.
   *
   * @param version 0 or 1
   * @param hash the multihash function
   */
  public record Prefix(int version, HashFunction hash) {
    public Prefix {
      Objects.requireNonNull(hash, "hash");
      if (version != 0 && version != 1) {
        throw new IllegalArgumentException("CID version must be 0 or 1, not " + version);
      }
      if (version == 0 && hash != HashFunction.SHA2_256) {
        throw new IllegalArgumentException("CIDv0 only supports sha2-256, not " + hash.hashName());
      }
    }

    /** The prefix the flags ask for, or null when neither was given. */
    public static Prefix of(Integer version, HashFunction hash) {
      if (version == null && hash == null) {
        return null;
      }
      int v = version != null ? version : (hash == HashFunction.SHA2_256 ? 0 : 1);
      if (hash != null && hash != HashFunction.SHA2_256 && v == 0) {
        v = 1;
      }
      return new Prefix(v, hash != null ? hash : HashFunction.SHA2_256);
    }

    /**
     * The prefix of the repo's import settings (Kubo's {@code Import.CidVersion, HashFunction}).
     */
    public static Prefix of(ImportOptions options) {
      return new Prefix(options.effectiveCidVersion(), options.hash());
    }
  }

  /**
   * What {@code files write} was asked.
   *
   * @param offset where to start writing (at least 0)
   * @param create whether a missing file is created
   * @param parents whether missing directories above it are created
   * @param truncate whether the file is cut to zero bytes first
   * @param count the most bytes of the input to write, or -1 for all
   * @param rawLeaves whether new leaves are raw blocks; null when not asked
   * @param prefix the CID format of new nodes; null when not asked
   */
  public record WriteRequest(
      long offset,
      boolean create,
      boolean parents,
      boolean truncate,
      long count,
      Boolean rawLeaves,
      Prefix prefix) {}

  private final Storage storage;
  private final Supplier<ImportOptions> settings;

  /**
   * Opens the repo's MFS: the root recorded in {@code storage}, re-encoded with the import
   * settings' CID format when it differs (Kubo sets the root's format from {@code Import.*} at
   * start), or an empty directory when there is none yet.
   *
   * @param settings the repo's import settings, read for each change: the root's and new nodes' CID
   *     format, raw leaves, and the HAMT threshold, estimation and fanout of directories
   */
  public Mfs(Storage storage, Supplier<ImportOptions> settings) {
    this.storage = storage;
    this.settings = settings;
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Kubo's {@code checkPath}: the path cleaned (no "." or ".." or doubled slashes), keeping one
   * trailing slash when it had one.
   *
   * @throws MfsException for an empty path or one not starting with '/'
   */
  public static String checkPath(String path) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The root directory's CID ({@code files flush /}, {@code files stat /}). */
  public Cid root() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The node at {@code path}.
   *
   * @throws MfsException when the path does not exist ("file does not exist") or crosses a file
   */
  public Cid lookup(BlockStore blocks, String path) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files mkdir}: creates the directory, and with {@code parents} the missing ones above it
   * (then an existing directory is not an error).
   *
   * @param prefix the new directories' CID format; null for the import settings'
   */
  public void mkdir(BlockStore blocks, String path, boolean parents, Prefix prefix) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files cp}: links {@code node} (a dag-pb UnixFS node or a raw block, checked) at {@code
   * path}, which must not exist unless {@code force} (which replaces a file, never a directory).
   *
   * @param parents whether missing directories above the path are created, in {@code prefix}'s
   *     format (null for the import settings')
   */
  public void put(
      BlockStore blocks, String path, Cid node, boolean parents, boolean force, Prefix prefix) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files mv}: Kubo's rules: into {@code dst} when it is a directory (or ends in '/'), over
   * it when it is a file.
   */
  public void move(BlockStore blocks, String src, String dst) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files rm} of one path.
   *
   * @param recursive whether a directory may be removed
   * @param force removes whatever is there, a missing path is not an error
   */
  public void remove(BlockStore blocks, String path, boolean recursive, boolean force) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files write}: writes {@code data} into the file at {@code path} as Kubo's DagModifier
   * does (trickle DAG), so the file's CID is Kubo's.
   */
  public void write(BlockStore blocks, String path, WriteRequest request, InputStream data) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code files chcid}: re-encodes the directory at {@code path} (not '/') in {@code prefix}. */
  public void changeCid(BlockStore blocks, String path, Prefix prefix) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code files chmod}: sets the UnixFS mode (permission bits, at most 07777) of a node. */
  public void chmod(BlockStore blocks, String path, int mode) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code files touch}: sets the UnixFS modification time of a node. */
  public void touch(BlockStore blocks, String path, Instant mtime) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code files chroot}: makes {@code newRoot} (a UnixFS directory) the root, or an empty
   * directory when null, and returns the old root.
   */
  public Cid chroot(BlockStore blocks, Cid newRoot) {
    throw new UnsupportedOperationException("not yet");
  }
}
