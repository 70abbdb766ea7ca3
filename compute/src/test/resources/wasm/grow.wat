;; Grows memory by 100 pages (6.25 MiB) and exits 3 if memory.grow returned -1.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then (call $proc_exit (i32.const 3))))))
