;; A start function that never ends: only a fuel budget or the wall time stops it.
(module
  (memory (export "memory") 1)
  (func $init (loop $forever (br $forever)))
  (start $init)
  (func (export "_start")))
