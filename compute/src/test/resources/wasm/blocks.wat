;; Metered segments around blocks: a block no branch targets (its end does not cut the segment), a
;; block a br_if targets, an if without else holding a call. _start uses 20 fuel: 7 (up to the
;; br_if, taken), 2 (to the if), 4 (the then arm), 4 ($inc), 3 (to the end).
(module
  (memory (export "memory") 1)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "_start") (local $x i32)
    (block (local.set $x (i32.const 1)))
    (block $t (br_if $t (local.get $x)) (local.set $x (i32.const 2)))
    (if (local.get $x) (then (local.set $x (call $inc (local.get $x)))))
    (drop (local.get $x))))
