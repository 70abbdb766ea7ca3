;; Imports a function WASI preview 1 does not have.
(module
  (import "wasi_snapshot_preview1" "sock_open" (func (param i32) (result i32)))
  (func (export "_start")))
