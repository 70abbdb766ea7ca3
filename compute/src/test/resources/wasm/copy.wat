;; Opens /inputs/in (preopen fd 3), seeks to the offset in argv[1] if any (decimal), reads up to
;; 64 KiB and writes them to /outputs/out (preopen fd 4). A call that fails exits with 100 + errno.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 100) "in")
  (data (i32.const 110) "out")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))
  ;; parses the decimal string at $p (NUL-terminated)
  (func $atoi (param $p i32) (result i64) (local $n i64) (local $c i32)
    (block $done (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $done (i32.eqz (local.get $c)))
      (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                             (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func (export "_start") (local $fd i32) (local $n i32)
    ;; argc at 200, argv buf size at 204, argv pointers at 300, strings at 400
    (call $check (call $args_sizes_get (i32.const 200) (i32.const 204)))
    (call $check (call $args_get (i32.const 300) (i32.const 400)))
    ;; open the input (its name is at 100, 2 bytes) with rights FD_READ and FD_SEEK
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 2)
      (i32.const 0) (i64.const 6) (i64.const 0) (i32.const 0) (i32.const 208)))
    (local.set $fd (i32.load (i32.const 208)))
    (if (i32.ge_u (i32.load (i32.const 200)) (i32.const 2))
      (then (call $check (call $fd_seek (local.get $fd)
        (call $atoi (i32.load (i32.const 304))) (i32.const 0) (i32.const 216)))))
    ;; iovec at 240: buf 65536 len 65536
    (i32.store (i32.const 240) (i32.const 65536))
    (i32.store (i32.const 244) (i32.const 65536))
    (call $check (call $fd_read (local.get $fd) (i32.const 240) (i32.const 1) (i32.const 248)))
    (local.set $n (i32.load (i32.const 248)))
    ;; create /outputs/out: oflags CREAT|TRUNC, rights FD_WRITE
    (call $check (call $path_open (i32.const 4) (i32.const 0) (i32.const 110) (i32.const 3)
      (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 212)))
    (i32.store (i32.const 244) (local.get $n))
    (call $check (call $fd_write (i32.load (i32.const 212)) (i32.const 240) (i32.const 1) (i32.const 248)))))
