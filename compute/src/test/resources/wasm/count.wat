;; Loops argc times (argc from args_sizes_get), doing nothing else: fuel is linear in argc.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32)
    ;; 8 instructions, the loop included
    (drop (call $args_sizes_get (i32.const 200) (i32.const 204)))
    (local.set $i (i32.load (i32.const 200)))
    (loop $l
      ;; 5 instructions per iteration, br_if included
      (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))))
