package io.cairn.compute.wasm;

/**
 * WASI preview 1 rights, and the sets uvwasi (node:wasi) gives each kind of descriptor: a
 * descriptor's rights are what {@code path_open} asked for within what its file type and access
 * mode allow, and a call the descriptor has no right to fails with ENOTCAPABLE.
 */
final class WasiRights {
  static final long FD_DATASYNC = 1L;
  static final long FD_READ = 1L << 1;
  static final long FD_SEEK = 1L << 2;
  static final long FD_FDSTAT_SET_FLAGS = 1L << 3;
  static final long FD_SYNC = 1L << 4;
  static final long FD_TELL = 1L << 5;
  static final long FD_WRITE = 1L << 6;
  static final long FD_ADVISE = 1L << 7;
  static final long FD_ALLOCATE = 1L << 8;
  static final long PATH_CREATE_DIRECTORY = 1L << 9;
  static final long PATH_CREATE_FILE = 1L << 10;
  static final long PATH_LINK_SOURCE = 1L << 11;
  static final long PATH_LINK_TARGET = 1L << 12;
  static final long PATH_OPEN = 1L << 13;
  static final long FD_READDIR = 1L << 14;
  static final long PATH_READLINK = 1L << 15;
  static final long PATH_RENAME_SOURCE = 1L << 16;
  static final long PATH_RENAME_TARGET = 1L << 17;
  static final long PATH_FILESTAT_GET = 1L << 18;
  static final long PATH_FILESTAT_SET_SIZE = 1L << 19;
  static final long PATH_FILESTAT_SET_TIMES = 1L << 20;
  static final long FD_FILESTAT_GET = 1L << 21;
  static final long FD_FILESTAT_SET_SIZE = 1L << 22;
  static final long FD_FILESTAT_SET_TIMES = 1L << 23;
  static final long PATH_SYMLINK = 1L << 24;
  static final long PATH_REMOVE_DIRECTORY = 1L << 25;
  static final long PATH_UNLINK_FILE = 1L << 26;
  static final long POLL_FD_READWRITE = 1L << 27;
  static final long SOCK_SHUTDOWN = 1L << 28;
  static final long SOCK_ACCEPT = 1L << 29;

  /** Every right; what a character device (stdin, stdout, stderr) has. */
  static final long ALL = (1L << 30) - 1;

  /** The rights a regular file can have. */
  static final long REGULAR_FILE_BASE =
      FD_DATASYNC
          | FD_READ
          | FD_SEEK
          | FD_FDSTAT_SET_FLAGS
          | FD_SYNC
          | FD_TELL
          | FD_WRITE
          | FD_ADVISE
          | FD_ALLOCATE
          | FD_FILESTAT_GET
          | FD_FILESTAT_SET_SIZE
          | FD_FILESTAT_SET_TIMES
          | POLL_FD_READWRITE;

  /** The rights a directory can have. */
  static final long DIRECTORY_BASE =
      FD_FDSTAT_SET_FLAGS
          | FD_SYNC
          | FD_ADVISE
          | PATH_CREATE_DIRECTORY
          | PATH_CREATE_FILE
          | PATH_LINK_SOURCE
          | PATH_LINK_TARGET
          | PATH_OPEN
          | FD_READDIR
          | PATH_READLINK
          | PATH_RENAME_SOURCE
          | PATH_RENAME_TARGET
          | PATH_FILESTAT_GET
          | PATH_FILESTAT_SET_SIZE
          | PATH_FILESTAT_SET_TIMES
          | FD_FILESTAT_GET
          | FD_FILESTAT_SET_TIMES
          | PATH_SYMLINK
          | PATH_UNLINK_FILE
          | PATH_REMOVE_DIRECTORY
          | POLL_FD_READWRITE;

  /** The rights a directory can pass on to what is opened under it. */
  static final long DIRECTORY_INHERITING = DIRECTORY_BASE | REGULAR_FILE_BASE;

  /** The rights that open a file for writing (uvwasi's test for O_WRONLY or O_RDWR). */
  static final long WRITING = FD_DATASYNC | FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;

  /** The rights that open a file for reading. */
  static final long READING = FD_READ | FD_READDIR;

  private WasiRights() {}

  /** The most a descriptor of this type, opened for reading and/or writing, may hold. */
  static long maxBase(boolean directory, boolean read, boolean write) {
    long max = directory ? DIRECTORY_BASE : REGULAR_FILE_BASE;
    if (!write) {
      max &= ~FD_WRITE;
    } else if (!read) {
      max &= ~FD_READ;
    }
    return max;
  }

  /** The most a descriptor of this type may pass on. */
  static long maxInheriting(boolean directory) {
    return directory ? DIRECTORY_INHERITING : 0;
  }
}
