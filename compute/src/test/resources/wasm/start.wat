;; A start function that sets a global, which _start prints: "start ran\n" once it has run.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $ran (mut i32) (i32.const 0))
  (data (i32.const 16) "start ran\n")
  (data (i32.const 32) "no start\n")
  (func $init (global.set $ran (i32.const 1)))
  (start $init)
  (func (export "_start")
    (if (global.get $ran)
      (then (i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 10)))
      (else (i32.store (i32.const 8) (i32.const 32)) (i32.store (i32.const 12) (i32.const 9))))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))))
