;; Starts with 40000 pages (2.5 GiB), more than the engine can give.
(module
  (memory (export "memory") 40000)
  (func (export "_start")))
