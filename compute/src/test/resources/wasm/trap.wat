;; Traps at once.
(module (memory (export "memory") 0) (func (export "_start") unreachable))
