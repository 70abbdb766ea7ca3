;; Symlinks and hard links in /outputs (descriptor 4), as a script of calls: argv is
;;   main OP ARG... OP ARG... ...
;; and each call prints what it read (if anything) and then its errno, in decimal, on a line.
;;   s TARGET NAME  path_symlink(TARGET, 4, NAME)
;;   h OLD NEW      path_link(4, 0, OLD, 4, NEW)
;;   H OLD NEW      path_link(4, LOOKUP_SYMLINK_FOLLOW, OLD, 4, NEW)
;;   i OLD NEW      path_link(3, 0, OLD, 4, NEW): from /inputs
;;   m OLD NEW      path_rename(4, OLD, 4, NEW)
;;   r NAME         path_readlink into a buffer of 64 bytes: prints the bytes it holds
;;   c NAME         path_open with LOOKUP_SYMLINK_FOLLOW, then fd_read to the end: prints the bytes
;;   C NAME         the same without LOOKUP_SYMLINK_FOLLOW
;;   t NAME         path_filestat_get without LOOKUP_SYMLINK_FOLLOW: prints filetype, nlink, size
;;   T NAME         the same with LOOKUP_SYMLINK_FOLLOW
;;   w NAME         path_open(O_CREAT, fd_write, FDFLAG_APPEND), then fd_write "w\n"
;;   u NAME         path_unlink_file
;;   d NAME         path_create_directory
;;   R NAME         path_remove_directory
;;   B NAME         path_open(O_CREAT, fd_write, FDFLAG_APPEND), then fd_write 65536 bytes
;;   N NAME         path_readlink into a buffer of 2^32 - 1 bytes at 12288 (past the memory)
;;   Z NAME         path_open(O_CREAT, fd_write | fd_seek), then fd_pwrite of no bytes at 2^63 - 1
;; and with one descriptor held open across calls (the last one opened, never closed):
;;   o NAME         path_open(4, O_DIRECTORY) with every right /outputs passes on but writing
;;   O NAME         path_open(4, O_CREAT, fd_read | fd_write | fd_filestat_get, FDFLAG_APPEND)
;;   W NAME         as w, through the held descriptor
;;   V NAME         as t, through the held descriptor
;;   S -            fd_filestat_get of the held descriptor: prints filetype, nlink, size
;;   x -            fd_write "w\n" to the held descriptor
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink"
    (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link"
    (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink"
    (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file"
    (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory"
    (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite"
    (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: argv size, 16: opened fd, 20: byte count, 24: held fd, 32: iovec, 64: filestat,
  ;; 200: "w\n", 280-300: decimal digits, 512: argv pointers, 1024: argv strings,
  ;; 8192: read buffer, 12288: readlink buffer, 16384: fdstat
  (data (i32.const 200) "w\n")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $errno)))))
  (func $arg (param $i i32) (result i32)
    (i32.load (i32.add (i32.const 512) (i32.shl (local.get $i) (i32.const 2)))))
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  ;; writes LEN bytes at PTR to stdout
  (func $out (param $ptr i32) (param $len i32)
    (i32.store (i32.const 32) (local.get $ptr))
    (i32.store (i32.const 36) (local.get $len))
    (call $check (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 20))))
  ;; prints N in decimal, then a newline
  (func $print (param $n i64) (local $p i32)
    (local.set $p (i32.const 300))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $next
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $next (i64.ne (local.get $n) (i64.const 0))))
    (call $out (local.get $p) (i32.sub (i32.const 301) (local.get $p))))
  ;; opens NAME with DIRFLAGS and reads it to the end onto stdout
  (func $cat (param $dirflags i32) (param $name i32) (result i32) (local $errno i32) (local $fd i32)
    (local.set $errno (call $path_open (i32.const 4) (local.get $dirflags) (local.get $name)
      (call $strlen (local.get $name)) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0)
      (i32.const 16)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $fd (i32.load (i32.const 16)))
    (loop $next
      (i32.store (i32.const 32) (i32.const 8192))
      (i32.store (i32.const 36) (i32.const 4096))
      (call $check (call $fd_read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 20)))
      (if (i32.load (i32.const 20))
        (then
          (call $out (i32.const 8192) (i32.load (i32.const 20)))
          (br $next))))
    (call $fd_close (local.get $fd)))
  ;; path_filestat_get of NAME under DIR with DIRFLAGS: prints filetype, nlink and size
  (func $stat (param $dir i32) (param $dirflags i32) (param $name i32) (result i32) (local $errno i32)
    (local.set $errno (call $path_filestat_get (local.get $dir) (local.get $dirflags)
      (local.get $name) (call $strlen (local.get $name)) (i32.const 64)))
    (if (i32.eqz (local.get $errno))
      (then
        (call $print (i64.load8_u (i32.const 80)))
        (call $print (i64.load (i32.const 88)))
        (call $print (i64.load (i32.const 96)))))
    (local.get $errno))
  ;; appends "w\n" (LEN 2) or the whole memory page (LEN 65536) to NAME under DIR, created if need
  ;; be
  (func $append (param $dir i32) (param $name i32) (param $len i32) (result i32)
    (local $errno i32) (local $fd i32)
    (local.set $errno (call $path_open (local.get $dir) (i32.const 0) (local.get $name)
      (call $strlen (local.get $name)) (i32.const 1) (i64.const 66) (i64.const 0) (i32.const 1)
      (i32.const 16)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $fd (i32.load (i32.const 16)))
    (i32.store (i32.const 32) (select (i32.const 200) (i32.const 0) (i32.eq (local.get $len) (i32.const 2))))
    (i32.store (i32.const 36) (local.get $len))
    (call $check (call $fd_write (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 20)))
    (call $fd_close (local.get $fd)))
  ;; fd_pwrite of no bytes at offset 2^63 - 1 to NAME, created if need be
  (func $pwriteNothing (param $name i32) (result i32) (local $errno i32) (local $fd i32)
    (local.set $errno (call $path_open (i32.const 4) (i32.const 0) (local.get $name)
      (call $strlen (local.get $name)) (i32.const 1) (i64.const 70) (i64.const 0) (i32.const 0)
      (i32.const 16)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $fd (i32.load (i32.const 16)))
    (call $check (call $fd_pwrite (local.get $fd) (i32.const 32) (i32.const 0)
      (i64.const 0x7fffffffffffffff) (i32.const 20)))
    (call $fd_close (local.get $fd)))
  ;; opens directory NAME under /outputs as the held descriptor, with every right /outputs passes
  ;; on but the writing ones (a directory opened to write is EISDIR)
  (func $holdDir (param $name i32) (result i32) (local $rights i64)
    (call $check (call $fd_fdstat_get (i32.const 4) (i32.const 16384)))
    (local.set $rights (i64.load (i32.const 16400)))
    (call $path_open (i32.const 4) (i32.const 0) (local.get $name) (call $strlen (local.get $name))
      (i32.const 2) (i64.and (local.get $rights) (i64.const -4194626)) (local.get $rights)
      (i32.const 0) (i32.const 24)))
  ;; fd_filestat_get of the held descriptor: prints filetype, nlink and size
  (func $statHeld (result i32) (local $errno i32)
    (local.set $errno (call $fd_filestat_get (i32.load (i32.const 24)) (i32.const 64)))
    (if (i32.eqz (local.get $errno))
      (then
        (call $print (i64.load8_u (i32.const 80)))
        (call $print (i64.load (i32.const 88)))
        (call $print (i64.load (i32.const 96)))))
    (local.get $errno))
  (func $readlink (param $name i32) (result i32) (local $errno i32)
    (local.set $errno (call $path_readlink (i32.const 4) (local.get $name)
      (call $strlen (local.get $name)) (i32.const 12288) (i32.const 64) (i32.const 20)))
    (if (i32.eqz (local.get $errno))
      (then
        (call $out (i32.const 12288) (i32.load (i32.const 20)))
        (call $out (i32.const 201) (i32.const 1))))
    (local.get $errno))
  (func (export "_start")
    (local $i i32) (local $op i32) (local $a i32) (local $b i32) (local $errno i32)
    (call $check (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (call $check (call $args_get (i32.const 512) (i32.const 1024)))
    (local.set $i (i32.const 1))
    (block $end (loop $next
      (br_if $end (i32.ge_u (local.get $i) (i32.load (i32.const 0))))
      (local.set $op (i32.load8_u (call $arg (local.get $i))))
      (local.set $a (call $arg (i32.add (local.get $i) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      ;; the calls of two names take the second one
      (if (i32.or (i32.or (i32.eq (local.get $op) (i32.const 0x73)) (i32.eq (local.get $op) (i32.const 0x6d)))
                  (i32.or (i32.or (i32.eq (local.get $op) (i32.const 0x68)) (i32.eq (local.get $op) (i32.const 0x48)))
                          (i32.eq (local.get $op) (i32.const 0x69))))
        (then
          (local.set $b (call $arg (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (local.set $errno (i32.const 58))
      (if (i32.eq (local.get $op) (i32.const 0x73)) ;; s
        (then (local.set $errno (call $path_symlink (local.get $a) (call $strlen (local.get $a))
          (i32.const 4) (local.get $b) (call $strlen (local.get $b))))))
      (if (i32.or (i32.eq (local.get $op) (i32.const 0x68)) (i32.eq (local.get $op) (i32.const 0x48)))
        (then (local.set $errno (call $path_link (i32.const 4)
          (i32.eq (local.get $op) (i32.const 0x48)) (local.get $a) (call $strlen (local.get $a))
          (i32.const 4) (local.get $b) (call $strlen (local.get $b))))))
      (if (i32.eq (local.get $op) (i32.const 0x69)) ;; i
        (then (local.set $errno (call $path_link (i32.const 3) (i32.const 0) (local.get $a)
          (call $strlen (local.get $a)) (i32.const 4) (local.get $b) (call $strlen (local.get $b))))))
      (if (i32.eq (local.get $op) (i32.const 0x6d)) ;; m
        (then (local.set $errno (call $path_rename (i32.const 4) (local.get $a)
          (call $strlen (local.get $a)) (i32.const 4) (local.get $b) (call $strlen (local.get $b))))))
      (if (i32.eq (local.get $op) (i32.const 0x72)) ;; r
        (then (local.set $errno (call $readlink (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x63)) ;; c
        (then (local.set $errno (call $cat (i32.const 1) (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x43)) ;; C
        (then (local.set $errno (call $cat (i32.const 0) (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x74)) ;; t
        (then (local.set $errno (call $stat (i32.const 4) (i32.const 0) (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x54)) ;; T
        (then (local.set $errno (call $stat (i32.const 4) (i32.const 1) (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x77)) ;; w
        (then (local.set $errno (call $append (i32.const 4) (local.get $a) (i32.const 2)))))
      (if (i32.eq (local.get $op) (i32.const 0x42)) ;; B
        (then (local.set $errno (call $append (i32.const 4) (local.get $a) (i32.const 65536)))))
      (if (i32.eq (local.get $op) (i32.const 0x4e)) ;; N
        (then (local.set $errno (call $path_readlink (i32.const 4) (local.get $a)
          (call $strlen (local.get $a)) (i32.const 12288) (i32.const -1) (i32.const 20)))))
      (if (i32.eq (local.get $op) (i32.const 0x5a)) ;; Z
        (then (local.set $errno (call $pwriteNothing (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x75)) ;; u
        (then (local.set $errno (call $path_unlink_file (i32.const 4) (local.get $a)
          (call $strlen (local.get $a))))))
      (if (i32.eq (local.get $op) (i32.const 0x64)) ;; d
        (then (local.set $errno (call $path_create_directory (i32.const 4) (local.get $a)
          (call $strlen (local.get $a))))))
      (if (i32.eq (local.get $op) (i32.const 0x52)) ;; R
        (then (local.set $errno (call $path_remove_directory (i32.const 4) (local.get $a)
          (call $strlen (local.get $a))))))
      (if (i32.eq (local.get $op) (i32.const 0x6f)) ;; o
        (then (local.set $errno (call $holdDir (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x4f)) ;; O
        (then (local.set $errno (call $path_open (i32.const 4) (i32.const 0) (local.get $a)
          (call $strlen (local.get $a)) (i32.const 1) (i64.const 0x200042) (i64.const 0)
          (i32.const 1) (i32.const 24)))))
      (if (i32.eq (local.get $op) (i32.const 0x57)) ;; W
        (then (local.set $errno (call $append (i32.load (i32.const 24)) (local.get $a) (i32.const 2)))))
      (if (i32.eq (local.get $op) (i32.const 0x56)) ;; V
        (then (local.set $errno (call $stat (i32.load (i32.const 24)) (i32.const 0) (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x53)) ;; S
        (then (local.set $errno (call $statHeld))))
      (if (i32.eq (local.get $op) (i32.const 0x78)) ;; x
        (then
          (i32.store (i32.const 32) (i32.const 200))
          (i32.store (i32.const 36) (i32.const 2))
          (local.set $errno (call $fd_write (i32.load (i32.const 24)) (i32.const 32) (i32.const 1)
            (i32.const 20)))))
      (call $print (i64.extend_i32_u (local.get $errno)))
      (br $next)))
    (call $proc_exit (i32.const 0))))
