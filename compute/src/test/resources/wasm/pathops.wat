;; One path call, as node:wasi and Cairn are compared on: argv is
;;   main DIRFD PATH DIRFLAGS OFLAGS RIGHTS ACTION [SUBPATH]
;; (numbers in decimal). With SUBPATH, PATH is first opened as a directory (with uvwasi's rights for one) under
;; DIRFD, and SUBPATH is then used under that new descriptor. ACTION:
;;   read   path_open, then fd_read to the end, copying to stdout
;;   write  path_open, then fd_write "w\n"
;;   open   path_open only
;;   stat   path_filestat_get, then prints the file type and the size in decimal
;;   mkdir  path_create_directory
;;   unlink path_unlink_file
;; A call that fails exits with its errno; otherwise the module exits 0.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file"
    (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: argv size, 16: opened fd, 20: byte count, 32: iovec, 64: filestat,
  ;; 100: argv pointers, 200: "w\n", 256: decimal digits, 1024: argv strings, 8192: read buffer
  (data (i32.const 200) "w\n")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $errno)))))
  (func $arg (param $i i32) (result i32)
    (i32.load (i32.add (i32.const 100) (i32.shl (local.get $i) (i32.const 2)))))
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func $num (param $p i32) (result i64) (local $n i64) (local $c i32)
    (block $done (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $done (i32.eqz (local.get $c)))
      (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                             (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
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
  (func (export "_start")
    (local $dirfd i32) (local $path i32) (local $dirflags i32) (local $action i32) (local $fd i32)
    (call $check (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (call $check (call $args_get (i32.const 100) (i32.const 1024)))
    (local.set $dirfd (i32.wrap_i64 (call $num (call $arg (i32.const 1)))))
    (local.set $path (call $arg (i32.const 2)))
    (local.set $dirflags (i32.wrap_i64 (call $num (call $arg (i32.const 3)))))
    ;; the action's first two letters tell it apart
    (local.set $action (i32.load16_u (call $arg (i32.const 6))))
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 7))
      (then
        (call $check (call $path_open (local.get $dirfd) (local.get $dirflags) (local.get $path)
          (call $strlen (local.get $path)) (i32.const 2) (i64.const 0xfbffe98)
          (i64.const 0xfffffff) (i32.const 0) (i32.const 16)))
        (local.set $dirfd (i32.load (i32.const 16)))
        (local.set $path (call $arg (i32.const 7)))))
    ;; "st": stat
    (if (i32.eq (local.get $action) (i32.const 0x7473))
      (then
        (call $check (call $path_filestat_get (local.get $dirfd) (local.get $dirflags)
          (local.get $path) (call $strlen (local.get $path)) (i32.const 64)))
        (call $print (i64.load8_u (i32.const 80)))
        (call $print (i64.load (i32.const 96)))
        (call $proc_exit (i32.const 0))))
    ;; "mk": mkdir
    (if (i32.eq (local.get $action) (i32.const 0x6b6d))
      (then (call $proc_exit (call $path_create_directory (local.get $dirfd) (local.get $path)
        (call $strlen (local.get $path))))))
    ;; "un": unlink
    (if (i32.eq (local.get $action) (i32.const 0x6e75))
      (then (call $proc_exit (call $path_unlink_file (local.get $dirfd) (local.get $path)
        (call $strlen (local.get $path))))))
    (call $check (call $path_open (local.get $dirfd) (local.get $dirflags) (local.get $path)
      (call $strlen (local.get $path)) (i32.wrap_i64 (call $num (call $arg (i32.const 4))))
      (call $num (call $arg (i32.const 5))) (i64.const 0) (i32.const 0) (i32.const 16)))
    (local.set $fd (i32.load (i32.const 16)))
    ;; "wr": write
    (if (i32.eq (local.get $action) (i32.const 0x7277))
      (then
        (i32.store (i32.const 32) (i32.const 200))
        (i32.store (i32.const 36) (i32.const 2))
        (call $proc_exit (call $fd_write (local.get $fd) (i32.const 32) (i32.const 1)
          (i32.const 20)))))
    ;; "re": read to the end
    (if (i32.eq (local.get $action) (i32.const 0x6572))
      (then
        (loop $next
          (i32.store (i32.const 32) (i32.const 8192))
          (i32.store (i32.const 36) (i32.const 4096))
          (call $check (call $fd_read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 20)))
          (if (i32.load (i32.const 20))
            (then
              (call $out (i32.const 8192) (i32.load (i32.const 20)))
              (br $next))))))
    (call $proc_exit (i32.const 0))))
