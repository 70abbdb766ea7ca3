;; Opens the path given as argv[1] under /inputs (fd 3) and exits with path_open's errno.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func (export "_start") (local $p i32)
    (drop (call $args_get (i32.const 100) (i32.const 200)))
    (local.set $p (i32.load (i32.const 104)))
    (call $proc_exit (call $path_open (i32.const 3) (i32.const 0) (local.get $p)
      (call $strlen (local.get $p)) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0)
      (i32.const 0)))))
