package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Storage;
import io.cairn.storage.WriteSession;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** The CID format of the repo's import settings (Kubo's {@code Import.UnixFSCidBuilder}). */
  static CidPrefix importPrefix(ImportOptions options) {
    return new CidPrefix(options.effectiveCidVersion(), options.hash());
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
      CidPrefix prefix) {}

  /**
   * What the node adds to changes: how their new blocks are announced, and what happens to content
   * a change links without writing it.
   */
  public interface Hooks {
    /** The store a change writes its new blocks to, around the repo's write session's store. */
    default BlockStore writes(BlockStore session) {
      return session;
    }

    /** Called after a change linked an existing DAG into the tree ({@code cp}, {@code chroot}). */
    default void linked(Cid node) {}
  }

  private static final Hooks NO_HOOKS = new Hooks() {};
  private static final Logger LOG = LoggerFactory.getLogger(Mfs.class);

  private final Storage storage;
  private final Supplier<ImportOptions> settings;
  private final Hooks hooks;
  private final ReentrantLock changes = new ReentrantLock();
  private volatile Cid root;

  /**
   * Opens the repo's MFS: the root recorded in {@code storage}, re-encoded with the import
   * settings' CID format when it differs (Kubo sets the root's format from {@code Import.*} at
   * start), or an empty directory when there is none yet.
   *
   * @param settings the repo's import settings, read for each change: the root's and new nodes' CID
   *     format, raw leaves, and the HAMT threshold, estimation and fanout of directories
   */
  public Mfs(Storage storage, Supplier<ImportOptions> settings) {
    this(storage, settings, NO_HOOKS);
  }

  /** As {@link #Mfs(Storage, Supplier)}, with the node's hooks on every change. */
  public Mfs(Storage storage, Supplier<ImportOptions> settings, Hooks hooks) {
    this.storage = storage;
    this.settings = settings;
    this.hooks = hooks;
    Optional<Cid> recorded = storage.gcRoot(ROOT_NAME);
    CidPrefix wanted = importPrefix(settings.get());
    if (recorded.isPresent()) {
      root = recorded.get();
      if (!MfsDirectory.prefixOf(root).equals(wanted)) {
        try {
          change(
              storage.blocks(),
              tx -> {
                MfsChange.Chain chain = tx.chain(List.of(), false, null);
                chain.root().setPrefix(wanted);
                return tx.commit(chain);
              });
        } catch (RuntimeException e) {
          // A root that cannot be read (not held, not a directory) must not stop the tree from
          // opening: 'files chroot' replaces it without reading it.
          LOG.warn("MFS root {} keeps its CID format: {}", root, e.getMessage());
        }
      }
    } else {
      root = null;
      change(
          storage.blocks(),
          tx ->
              tx.commit(
                  new MfsChange.Chain(tx, MfsDirectory.empty(wanted, tx.settings.hamtFanout()))));
    }
  }

  /**
   * Kubo's {@code checkPath}: the path cleaned as Go's {@code path.Clean} does (no "." or ".." or
   * doubled slashes), keeping one trailing slash when it had one.
   *
   * @throws MfsException for an empty path or one not starting with '/'
   */
  public static String checkPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new MfsException("paths must not be empty");
    }
    if (path.charAt(0) != '/') {
      throw new MfsException("paths must start with a leading slash");
    }
    List<String> parts = parts(path);
    String cleaned = "/" + String.join("/", parts);
    if (path.endsWith("/") && !cleaned.equals("/")) {
      cleaned += "/";
    }
    return cleaned;
  }

  /** The names along a path, cleaned: "." dropped, ".." taking the one before (not past '/'). */
  static List<String> parts(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(p);
    }
    return out;
  }

  /** The root directory's CID ({@code files flush /}, {@code files stat /}). */
  public Cid root() {
    return root;
  }

  /**
   * The node at {@code path}.
   *
   * @throws MfsException when the path does not exist ("file does not exist") or crosses a file
   */
  public Cid lookup(BlockStore blocks, String path) {
    List<String> parts = parts(checkPath(path));
    Cid cur = root;
    for (int i = 0; i < parts.size(); i++) {
      MfsDirectory.Entry e;
      try {
        e = MfsDirectory.find(blocks, cur, parts.get(i), "");
      } catch (MfsException notDirectory) {
        throw new MfsException(
            "cannot access " + String.join("/", parts.subList(0, i + 1)) + ": Not a directory");
      }
      if (e == null) {
        throw notExist();
      }
      cur = e.cid();
    }
    return cur;
  }

  static MfsException notExist() {
    return new MfsException("file does not exist");
  }

  /**
   * {@code files mkdir}: creates the directory, and with {@code parents} the missing ones above it
   * (then an existing directory is not an error).
   *
   * @param prefix the new directories' CID format; null for the import settings'
   */
  public void mkdir(BlockStore blocks, String path, boolean parents, CidPrefix prefix) {
    List<String> parts = parts(checkPath(path));
    if (parts.isEmpty()) {
      if (parents) {
        return;
      }
      throw new MfsException("cannot create directory '/': Already exists");
    }
    change(
        blocks,
        tx -> {
          CidPrefix p = tx.prefixOr(prefix);
          MfsChange.Chain chain = tx.chain(parts.subList(0, parts.size() - 1), parents, p);
          String name = parts.get(parts.size() - 1);
          MfsDirectory.Entry existing = chain.last().get(name);
          if (existing != null) {
            if (parents && isDirectory(tx.blocks, existing.cid())) {
              return null;
            }
            throw new MfsException("file already exists");
          }
          chain.descendNew(name, MfsDirectory.empty(p, tx.settings.hamtFanout()));
          return tx.commit(chain);
        });
  }

  /**
   * {@code files cp}: links {@code node} (a dag-pb UnixFS node or a raw block, checked) at {@code
   * path}, which must not exist unless {@code force} (which replaces a file, never a directory).
   *
   * @param parents whether missing directories above the path are created, in {@code prefix}'s
   *     format (null for the import settings')
   */
  public void put(
      BlockStore blocks, String path, Cid node, boolean parents, boolean force, CidPrefix prefix) {
    List<String> parts = parts(checkPath(path));
    if (parts.isEmpty()) {
      throw new MfsException("cannot create file with empty name");
    }
    UnixFsNode stat = new UnixFsExporter(blocks).stat(node);
    if (stat.kind() == UnixFsNode.Kind.OTHER) {
      throw new MfsException("cp: source must be a valid UnixFS (dag-pb or raw codec)");
    }
    change(
        blocks,
        tx -> {
          MfsChange.Chain chain =
              tx.chain(parts.subList(0, parts.size() - 1), parents, tx.prefixOr(prefix));
          String name = parts.get(parts.size() - 1);
          MfsDirectory.Entry existing = chain.last().get(name);
          if (existing != null && force) {
            if (isDirectory(tx.blocks, existing.cid())) {
              throw new MfsException("cp: cannot unlink existing file: not a file: " + path);
            }
            chain.last().remove(name, tx.strategy());
            existing = null;
          }
          if (existing != null) {
            throw new MfsException("directory already has entry by that name");
          }
          chain
              .last()
              .put(name, new MfsDirectory.Entry(node, stat.cumulativeSize()), tx.strategy());
          return tx.commit(chain);
        });
    hooks.linked(node);
  }

  /**
   * {@code files mv}: Kubo's rules: into {@code dst} when it is a directory (or ends in '/'), over
   * it when it is a file.
   */
  public void move(BlockStore blocks, String src, String dst) {
    String source = checkPath(src);
    String target = checkPath(dst);
    List<String> from = parts(source);
    if (from.isEmpty()) {
      throw new MfsException("cannot move the root");
    }
    String srcName = from.get(from.size() - 1);
    change(
        blocks,
        tx -> {
          MfsChange.Chain srcChain = tx.chain(from.subList(0, from.size() - 1), false, null);
          MfsDirectory.Entry moving = srcChain.last().get(srcName);
          if (moving == null) {
            throw notExist();
          }
          List<String> dstDir;
          String dstName;
          List<String> to = parts(target);
          if (target.endsWith("/")) {
            dstDir = to;
            dstName = srcName;
          } else {
            if (to.isEmpty()) {
              throw new MfsException("cannot move onto the root");
            }
            dstDir = to.subList(0, to.size() - 1);
            dstName = to.get(to.size() - 1);
          }
          MfsChange.Chain dstChain = tx.chain(dstDir, false, null);
          MfsDirectory.Entry there = dstChain.last().get(dstName);
          List<String> finalDir = new ArrayList<>(dstDir);
          if (there != null) {
            if (isDirectory(tx.blocks, there.cid())) {
              finalDir.add(dstName);
              dstChain.descend(dstName);
              dstName = srcName;
            } else {
              dstChain.last().remove(dstName, tx.strategy());
            }
          }
          List<String> finalPath = new ArrayList<>(finalDir);
          finalPath.add(dstName);
          if (finalPath.equals(from)) {
            return null;
          }
          if (finalPath.size() > from.size() && finalPath.subList(0, from.size()).equals(from)) {
            throw new MfsException("cannot move " + source + " into itself");
          }
          if (dstChain.last().get(dstName) != null) {
            throw new MfsException("directory already has entry by that name");
          }
          dstChain.last().put(dstName, moving, tx.strategy());
          tx.commit(dstChain);
          MfsChange.Chain again = tx.chain(from.subList(0, from.size() - 1), false, null);
          again.last().remove(srcName, tx.strategy());
          return tx.commit(again);
        });
  }

  /**
   * {@code files rm} of one path.
   *
   * @param recursive whether a directory may be removed
   * @param force removes whatever is there, a missing path is not an error
   */
  public void remove(BlockStore blocks, String path, boolean recursive, boolean force) {
    List<String> parts = parts(checkPath(path));
    if (parts.isEmpty()) {
      throw new MfsException("cannot delete root");
    }
    String name = parts.get(parts.size() - 1);
    change(
        blocks,
        tx -> {
          MfsChange.Chain chain;
          try {
            chain = tx.chain(parts.subList(0, parts.size() - 1), false, null);
          } catch (MfsException e) {
            if (force) {
              return null;
            }
            throw e;
          }
          MfsDirectory.Entry entry = chain.last().get(name);
          if (entry == null) {
            if (force) {
              return null;
            }
            throw notExist();
          }
          if (!force && !recursive && isDirectory(tx.blocks, entry.cid())) {
            throw new MfsException("path is a directory, use -r to remove directories");
          }
          chain.last().remove(name, tx.strategy());
          return tx.commit(chain);
        });
  }

  /**
   * {@code files write}: writes {@code data} into the file at {@code path} as Kubo's DagModifier
   * does (trickle DAG), so the file's CID is Kubo's.
   */
  public void write(BlockStore blocks, String path, WriteRequest request, InputStream data) {
    if (request.offset() < 0) {
      throw new MfsException("cannot have negative write offset");
    }
    if (request.count() < -1) {
      throw new MfsException("cannot have negative byte count");
    }
    String checked = checkPath(path);
    List<String> parts = parts(checked);
    if (parts.isEmpty() || checked.endsWith("/")) {
      throw new MfsException(checked + " was not a file");
    }
    String name = parts.get(parts.size() - 1);
    change(
        blocks,
        tx -> {
          CidPrefix prefix = tx.prefixOr(request.prefix());
          MfsChange.Chain chain =
              tx.chain(parts.subList(0, parts.size() - 1), request.parents(), prefix);
          MfsDirectory.Entry existing = chain.last().get(name);
          if (existing == null && !request.create()) {
            throw notExist();
          }
          if (existing != null && isDirectory(tx.blocks, existing.cid())) {
            throw new MfsException(checked + " was not a file");
          }
          MfsFileWrites.Result written =
              MfsFileWrites.write(
                  tx.blocks,
                  tx.writes,
                  existing == null ? null : existing.cid(),
                  request,
                  tx.settings,
                  data);
          chain
              .last()
              .put(name, new MfsDirectory.Entry(written.cid(), written.tsize()), tx.strategy());
          return tx.commit(chain);
        });
  }

  /** {@code files chcid}: re-encodes the directory at {@code path} (not '/') in {@code prefix}. */
  public void changeCid(BlockStore blocks, String path, CidPrefix prefix) {
    List<String> parts = parts(checkPath(path));
    if (parts.isEmpty()) {
      throw new MfsException(
          "cannot change CID format of the MFS root; use 'cairn config Import.CidVersion' and"
              + " 'cairn config Import.HashFunction' instead");
    }
    if (prefix == null) {
      return;
    }
    change(
        blocks,
        tx -> {
          MfsChange.Chain chain = tx.chain(parts, false, null, "can only update directories");
          chain.last().setPrefix(prefix);
          return tx.commit(chain);
        });
  }

  /** {@code files chmod}: sets the UnixFS mode (permission bits, at most 07777) of a node. */
  public void chmod(BlockStore blocks, String path, int mode) {
    if (mode < 0 || mode > 07777) {
      throw new MfsException(
          "mode must be at most 07777 (octal), not 0" + Integer.toOctalString(mode));
    }
    setMetadata(blocks, path, mode, null);
  }

  /** {@code files touch}: sets the UnixFS modification time of a node. */
  public void touch(BlockStore blocks, String path, Instant mtime) {
    setMetadata(blocks, path, null, Objects.requireNonNull(mtime, "mtime"));
  }

  private void setMetadata(BlockStore blocks, String path, Integer mode, Instant mtime) {
    List<String> parts = parts(checkPath(path));
    change(
        blocks,
        tx -> {
          if (parts.isEmpty() || isDirectory(tx.blocks, tx.lookupIn(parts))) {
            MfsChange.Chain chain = tx.chain(parts, false, null);
            if (mode != null) {
              chain.last().setMode(mode);
            }
            if (mtime != null) {
              chain.last().setMtime(mtime);
            }
            return tx.commit(chain);
          }
          MfsChange.Chain chain = tx.chain(parts.subList(0, parts.size() - 1), false, null);
          String name = parts.get(parts.size() - 1);
          MfsDirectory.Entry file = chain.last().get(name);
          MfsDirectory.Entry changed =
              MfsFileWrites.withMetadata(tx.blocks, tx.out, file.cid(), mode, mtime);
          chain.last().put(name, changed, tx.strategy());
          return tx.commit(chain);
        });
  }

  /**
   * {@code files chroot}: makes {@code newRoot} (a UnixFS directory) the root, or an empty
   * directory when null, and returns the old root.
   */
  public Cid chroot(BlockStore blocks, Cid newRoot) {
    Cid old = root;
    change(
        blocks,
        tx -> {
          if (newRoot == null) {
            return tx.commit(
                new MfsChange.Chain(
                    tx, MfsDirectory.empty(importPrefix(tx.settings), tx.settings.hamtFanout())));
          }
          MfsDirectory.load(tx.blocks, newRoot, newRoot.toString(), tx.settings.hamtFanout());
          return newRoot;
        });
    if (newRoot != null) {
      hooks.linked(newRoot);
    }
    return old;
  }

  private static boolean isDirectory(BlockStore blocks, Cid cid) {
    return new UnixFsExporter(blocks).stat(cid).kind().isDirectory();
  }

  /**
   * Runs one change under the lock: its blocks are written in a write session (so a collection
   * running meanwhile keeps them), then the new root is recorded as the GC root before the session
   * closes. A change that fails records nothing.
   *
   * @param change returns the new root, or null for no change
   */
  private void change(BlockStore blocks, Function<MfsChange, Cid> change) {
    changes.lock();
    try (WriteSession session = storage.beginWrite()) {
      BlockStore writes = hooks.writes(session.blocks());
      try (BlockBatcher out = new BlockBatcher(writes)) {
        MfsChange tx = new MfsChange(blocks, writes, out, settings.get(), root);
        Cid next = change.apply(tx);
        if (next == null || next.equals(root)) {
          return;
        }
        out.flush();
        storage.setGcRoot(ROOT_NAME, next);
        root = next;
      }
    } finally {
      changes.unlock();
    }
  }
}
