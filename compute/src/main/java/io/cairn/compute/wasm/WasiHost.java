package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.ENOSYS;
import static io.cairn.compute.wasm.WasiErrno.ENOTSUP;
import static io.cairn.compute.wasm.WasiErrno.EOVERFLOW;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WASI preview 1 ({@code wasi_snapshot_preview1}) for one job, deterministic by construction: the
 * table of host functions over {@link ProcCalls} (arguments, environment, clocks, random bytes),
 * {@link FdCalls} and {@link DirCalls} (open descriptors, kept in an {@link FdTable}) and {@link
 * PathCalls} (paths relative to a directory descriptor).
 *
 * <p>Why not Chicory's {@code WasiPreview1}: it works on {@code java.nio.file.Path}s. Its listings
 * come in the host's directory order, its stats carry host inode numbers and times, and {@code
 * poll_oneoff} sleeps on the real clock, so the same module could see different bytes on two nodes.
 * Serving lazily read UnixFS inputs through it would need a whole {@code FileSystemProvider}
 * (paths, attribute views, channels) under those same leaks. These host functions work on {@link
 * VNode}s instead: {@code /inputs} straight over the UnixFS exporter's range reads, {@code
 * /outputs} over a scratch directory, with every listing sorted by name bytes and no host metadata.
 *
 * <p>The rules: the clock reads 0 (1970-01-01) on every clock; {@code random_get} is {@link
 * SeededRandom}; {@code poll_oneoff} never waits (see {@link ProcCalls#pollOneoff}); there are no
 * sockets ({@code sock_*} return ENOTSUP); paths are resolved under a descriptor as uvwasi
 * (node:wasi) resolves them ({@link PathResolver}), and descriptors have uvwasi's rights; inputs
 * are read-only (EROFS); times set by the module are ignored and every stat reports device 0, inode
 * 0, times 0.
 */
final class WasiHost {
  static final String MODULE = "wasi_snapshot_preview1";

  private final ProcCalls proc;
  private final FdTable fds;
  private final FdCalls fd;
  private final DirCalls dir;
  private final PathCalls path;
  private final List<HostFunction> functions = new ArrayList<>();

  /** Thrown by {@code proc_exit}. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    Exit(int code) {
      super("proc_exit(" + code + ")", null, false, false);
      this.code = code;
    }
  }

  WasiHost(
      List<String> args,
      Map<String, String> env,
      SeededRandom random,
      CappedSink stdout,
      CappedSink stderr,
      VNode inputs,
      VNode outputs,
      long outputCap) {
    proc = new ProcCalls(args, env, random);
    fds = new FdTable(stdout, stderr, inputs, outputs);
    fd = new FdCalls(fds, outputCap);
    dir = new DirCalls(fds);
    path = new PathCalls(fds, fd::chargeEntry);
  }

  /** Closes what the module left open. */
  void closeAll() {
    fds.closeAll();
  }

  /** The names this host provides. */
  static Set<String> provided() {
    Set<String> names = new HashSet<>();
    WasiHost probe =
        new WasiHost(List.of(), Map.of(), new SeededRandom(new byte[0]), null, null, null, null, 0);
    for (HostFunction f : probe.hostFunctions()) {
      names.add(f.name());
    }
    return names;
  }

  List<HostFunction> hostFunctions() {
    if (!functions.isEmpty()) {
      return functions;
    }
    fn("args_sizes_get", "ii", proc::argsSizesGet);
    fn("args_get", "ii", proc::argsGet);
    fn("environ_sizes_get", "ii", proc::environSizesGet);
    fn("environ_get", "ii", proc::environGet);
    fn("clock_res_get", "ii", ProcCalls::clockResGet);
    fn("clock_time_get", "iIi", ProcCalls::clockTimeGet);
    fn("random_get", "ii", proc::randomGet);
    fn("sched_yield", "", (m, a) -> ESUCCESS);
    fn("proc_raise", "i", (m, a) -> ENOSYS);
    fn("poll_oneoff", "iiii", (m, a) -> ProcCalls.pollOneoff(m, a, fds));
    fn("sock_accept", "iii", (m, a) -> ENOTSUP);
    fn("sock_recv", "iiiiii", (m, a) -> ENOTSUP);
    fn("sock_send", "iiiii", (m, a) -> ENOTSUP);
    fn("sock_shutdown", "ii", (m, a) -> ENOTSUP);
    fn("fd_advise", "iIIi", (m, a) -> fd.holds(a, WasiRights.FD_ADVISE));
    fn("fd_allocate", "iII", (m, a) -> fd.unsupported(a, WasiRights.FD_ALLOCATE));
    fn("fd_close", "i", (m, a) -> fd.close(a));
    fn("fd_datasync", "i", (m, a) -> fd.holds(a, WasiRights.FD_DATASYNC));
    fn("fd_sync", "i", (m, a) -> fd.holds(a, WasiRights.FD_SYNC));
    fn("fd_fdstat_get", "ii", fd::fdstatGet);
    fn("fd_fdstat_set_flags", "ii", (m, a) -> fd.unsupported(a, WasiRights.FD_FDSTAT_SET_FLAGS));
    fn("fd_fdstat_set_rights", "iII", (m, a) -> fd.fdstatSetRights(a));
    fn("fd_filestat_get", "ii", fd::filestatGet);
    fn("fd_filestat_set_size", "iI", (m, a) -> fd.filestatSetSize(a));
    fn("fd_filestat_set_times", "iIIi", (m, a) -> fd.setTimes(a));
    fn("fd_pread", "iiiIi", (m, a) -> fd.read(m, a, true));
    fn("fd_read", "iiii", (m, a) -> fd.read(m, a, false));
    fn("fd_pwrite", "iiiIi", (m, a) -> fd.write(m, a, true));
    fn("fd_write", "iiii", (m, a) -> fd.write(m, a, false));
    fn("fd_prestat_get", "ii", dir::prestatGet);
    fn("fd_prestat_dir_name", "iii", dir::prestatDirName);
    fn("fd_readdir", "iiiIi", dir::readdir);
    fn("fd_renumber", "ii", (m, a) -> fd.renumber(a));
    fn("fd_seek", "iIii", fd::seek);
    fn("fd_tell", "ii", fd::tell);
    fn("path_create_directory", "iii", path::createDirectory);
    fn("path_filestat_get", "iiiii", path::filestatGet);
    fn("path_filestat_set_times", "iiiiIIi", path::setTimes);
    fn("path_link", "iiiiiii", path::link);
    fn("path_symlink", "iiiii", path::symlink);
    fn("path_open", "iiiiiIIii", path::open);
    fn("path_readlink", "iiiiii", path::readlink);
    fn("path_remove_directory", "iii", (m, a) -> path.remove(m, a, true));
    fn("path_unlink_file", "iii", (m, a) -> path.remove(m, a, false));
    fn("path_rename", "iiiiii", path::rename);
    functions.add(
        new HostFunction(
            MODULE,
            "proc_exit",
            FunctionType.of(List.of(ValType.I32), List.of()),
            (instance, a) -> {
              throw new Exit((int) a[0]);
            }));
    return functions;
  }

  @FunctionalInterface
  private interface Call {
    int apply(Memory m, long[] a);
  }

  /** {@code sig}: one letter per parameter, 'i' for i32 and 'I' for i64; the result is an i32. */
  private void fn(String name, String sig, Call call) {
    List<ValType> params = new ArrayList<>();
    for (char c : sig.toCharArray()) {
      params.add(c == 'I' ? ValType.I64 : ValType.I32);
    }
    functions.add(
        new HostFunction(
            MODULE,
            name,
            FunctionType.of(params, List.of(ValType.I32)),
            (instance, a) -> new long[] {apply(call, instance.memory(), a)}));
  }

  /**
   * A memory access out of bounds in a host call is EOVERFLOW, as node:wasi (uvwasi) answers a
   * pointer or length that leads out of the memory; the calls that take buffers check theirs before
   * they read or write anything ({@link GuestMemory}).
   */
  private static int apply(Call call, Memory m, long[] a) {
    try {
      return call.apply(m instanceof CappedMemory capped ? capped.hostView() : m, a);
    } catch (CappedMemory.OutOfBounds e) {
      return EOVERFLOW;
    }
  }
}
