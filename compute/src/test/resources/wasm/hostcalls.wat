;; One host call at an edge, as node:wasi and Cairn are compared on: argv is
;;   main CASE
;; and the case's letter picks it. A call's errno is the exit code; 0 is done.
;;   r  fd_read of /inputs/in into one iovec of 0x7ffffff0 bytes (past the memory)
;;   c  fd_read with 0x10000000 iovecs (their array past the memory)
;;   g  random_get of 0x7fffffff bytes (past the memory)
;;   w  fd_write to stdout from one iovec of 0x7ffffff0 bytes (past the memory)
;;   b  fd_write to stdout, 40 iovecs of 4 GiB - 64 KiB over the one page (past the memory)
;;   B  memory.grow to 1025 pages, then fd_write to stdout, 40 iovecs of the first 64 MiB
;;   o  memory.grow by 2 pages, then a load at 200000, inside 4 pages but past 3 (V8 traps)
;;   d  fd_readdir of /inputs from cookie 2^64-1: exits with the bytes used (0)
;;   n  fd_renumber(1, 1), then "ok\n" to stdout
;;   s  fd_filestat_set_size(2^64-1) on a new /outputs/o
;;   p  fd_pwrite of "ok\n" at offset 2^63-2 to a new /outputs/o
;;   l  path_open(O_CREAT) of a 299-byte name in /outputs
;;   m  path_create_directory of a 299-byte name in /outputs
;;   E  path_rename of a file onto an empty directory
;;   N  path_rename of a directory onto a file
;;   S  path_rename of a file to "nope/"
;;   T  path_rename of a directory onto a directory that is not empty
;;   U  path_rename of a directory into itself (d to d/x)
;;   F  path_rename of a file onto a file (replaces it)
;;   P  poll_oneoff with no subscriptions
;;   K  path_create_directory of "f/" where f is a file
;;   q  fd_prestat_get on /inputs/in opened
;;   Q  fd_prestat_dir_name of /inputs into a buffer of 1 byte
;;   G  memory.grow by 40000 pages (2.5 GiB): exits 3 if it returned -1
;;   t  fd_filestat_set_times of a new /outputs/o with ATIM and ATIM_NOW both set
;;   u  path_filestat_set_times of a new /outputs/o with MTIM and MTIM_NOW both set
;;   v  fd_filestat_set_times on descriptor 99 (none) with an undefined flag (16)
;;   f  path_open of a new /outputs/o with every fdflag (31): exits with fd_fdstat_get's fs_flags
;;   y  poll_oneoff of fd_read on stdin, fd_write on stdout, fd_read on /inputs/in and on 99 (none),
;;      userdata 1 to 4, and a monotonic clock 1 s from now (userdata 5): writes the 5 event
;;      slots (5 x 32 bytes) and the count of events (4 bytes) to stdout
;;   z  poll_oneoff of a monotonic clock 1 s from now (userdata 1) and one at time 0, absolute
;;      (userdata 2): writes the 2 event slots and the count to stdout
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite"
    (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size"
    (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times"
    (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times"
    (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: argv size, 16: opened fd, 20: byte count, 32: iovec, 100: argv pointers,
  ;; 400: names ("o" at 423, "f/" at 425), 430: "ok\n", 512: iovecs, 1024: argv strings, 2048: a long name, 4096: buffer
  (data (i32.const 400) "f\00d\00e\00e/x\00nope/\00d/x\00in\00o\00f/")
  (data (i32.const 430) "ok\n")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $errno)))))
  ;; opens NAME (LEN bytes) under /outputs with O_CREAT and RIGHTS; the descriptor is at 16
  (func $create (param $name i32) (param $len i32) (param $rights i64)
    (call $check (call $path_open (i32.const 4) (i32.const 0) (local.get $name) (local.get $len)
      (i32.const 1) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 16))))
  (func $mkdir (param $name i32) (param $len i32)
    (call $check (call $path_create_directory (i32.const 4) (local.get $name) (local.get $len))))
  (func $rename (param $from i32) (param $flen i32) (param $to i32) (param $tlen i32)
    (call $proc_exit (call $path_rename (i32.const 4) (local.get $from) (local.get $flen)
      (i32.const 4) (local.get $to) (local.get $tlen))))
;; subscription I (userdata I + 1) at 4096 + 48 I: an fd event of TYPE on FD
  (func $subscribe (param $i i32) (param $type i32) (param $fd i32)
    (local $at i32)
    (local.set $at (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 48))))
    (i64.store (local.get $at) (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1))))
    (i32.store8 (i32.add (local.get $at) (i32.const 8)) (local.get $type))
    (i32.store (i32.add (local.get $at) (i32.const 16)) (local.get $fd)))
;; subscription I (userdata I + 1) at 4096 + 48 I: the monotonic clock at TIMEOUT, FLAGS
  (func $clock (param $i i32) (param $timeout i64) (param $flags i32)
    (local $at i32)
    (local.set $at (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 48))))
    (i64.store (local.get $at) (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1))))
    (i32.store8 (i32.add (local.get $at) (i32.const 8)) (i32.const 0))
    (i32.store (i32.add (local.get $at) (i32.const 16)) (i32.const 1))
    (i64.store (i32.add (local.get $at) (i32.const 24)) (local.get $timeout))
    (i32.store16 (i32.add (local.get $at) (i32.const 40)) (local.get $flags)))
  ;; polls the first N subscriptions at 4096 into events at 8192, the count after N slots; writes
  ;; the slots and the count to stdout and exits with fd_write's errno
  (func $poll (param $n i32)
    (local $count i32)
    (local.set $count (i32.add (i32.const 8192) (i32.shl (local.get $n) (i32.const 5))))
    (call $check (call $poll_oneoff (i32.const 4096) (i32.const 8192) (local.get $n)
      (local.get $count)))
    (call $iovec (i32.const 32) (i32.const 8192) (i32.add (i32.shl (local.get $n) (i32.const 5))
      (i32.const 4)))
    (call $proc_exit (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 20))))
  (func $iovec (param $at i32) (param $ptr i32) (param $len i32)
    (i32.store (local.get $at) (local.get $ptr))
    (i32.store (i32.add (local.get $at) (i32.const 4)) (local.get $len)))
  (func (export "_start")
    (local $case i32) (local $i i32)
    (call $check (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (call $check (call $args_get (i32.const 100) (i32.const 1024)))
    (local.set $case (i32.load8_u (i32.load (i32.const 104))))
    (if (i32.or (i32.eq (local.get $case) (i32.const 0x72)) (i32.eq (local.get $case) (i32.const 0x63)))
      (then
        (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 420) (i32.const 2)
          (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
        (call $iovec (i32.const 32) (i32.const 4096) (i32.const 0x7ffffff0))
        (call $proc_exit (call $fd_read (i32.load (i32.const 16)) (i32.const 32)
          (select (i32.const 1) (i32.const 0x10000000) (i32.eq (local.get $case) (i32.const 0x72)))
          (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x67))
      (then (call $proc_exit (call $random_get (i32.const 4096) (i32.const 0x7fffffff)))))
    (if (i32.eq (local.get $case) (i32.const 0x77))
      (then
        (call $iovec (i32.const 32) (i32.const 4096) (i32.const 0x7ffffff0))
        (call $proc_exit (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x62))
      (then
        (loop $next
          (call $iovec (i32.add (i32.const 512) (i32.shl (local.get $i) (i32.const 3)))
            (i32.const 0x10000) (i32.const 0xffff0000))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (i32.const 40))))
        (call $proc_exit (call $fd_write (i32.const 1) (i32.const 512) (i32.const 40) (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x42))
      (then
        (drop (memory.grow (i32.const 1024)))
        (loop $next
          (call $iovec (i32.add (i32.const 512) (i32.shl (local.get $i) (i32.const 3)))
            (i32.const 0) (i32.const 0x4000000))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (i32.const 40))))
        (call $proc_exit (call $fd_write (i32.const 1) (i32.const 512) (i32.const 40) (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x6f))
      (then
        (drop (memory.grow (i32.const 2)))
        (drop (i32.load (i32.const 200000)))
        (call $proc_exit (i32.const 0))))
    (if (i32.eq (local.get $case) (i32.const 0x64))
      (then
        (call $check (call $fd_readdir (i32.const 3) (i32.const 4096) (i32.const 1024)
          (i64.const -1) (i32.const 20)))
        (call $proc_exit (i32.load (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x6e))
      (then
        (call $check (call $fd_renumber (i32.const 1) (i32.const 1)))
        (call $iovec (i32.const 32) (i32.const 430) (i32.const 3))
        (call $proc_exit (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x73))
      (then
        (call $create (i32.const 423) (i32.const 1) (i64.const 0x400040))
        (call $proc_exit (call $fd_filestat_set_size (i32.load (i32.const 16)) (i64.const -1)))))
    (if (i32.eq (local.get $case) (i32.const 0x70))
      (then
        (call $create (i32.const 423) (i32.const 1) (i64.const 0x44))
        (call $iovec (i32.const 32) (i32.const 430) (i32.const 3))
        (call $proc_exit (call $fd_pwrite (i32.load (i32.const 16)) (i32.const 32) (i32.const 1)
          (i64.const 0x7ffffffffffffffe) (i32.const 20)))))
    (if (i32.or (i32.eq (local.get $case) (i32.const 0x6c)) (i32.eq (local.get $case) (i32.const 0x6d)))
      (then
        (loop $next
          (i32.store8 (i32.add (i32.const 2048) (local.get $i)) (i32.const 0x61))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (i32.const 299))))
        (if (i32.eq (local.get $case) (i32.const 0x6c))
          (then
            (call $proc_exit (call $path_open (i32.const 4) (i32.const 0) (i32.const 2048)
              (i32.const 299) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0)
              (i32.const 16)))))
        (call $proc_exit (call $path_create_directory (i32.const 4) (i32.const 2048) (i32.const 299)))))
    ;; renames under /outputs: f is a file, d and e directories
    (if (i32.eq (local.get $case) (i32.const 0x45))
      (then
        (call $create (i32.const 400) (i32.const 1) (i64.const 64))
        (call $mkdir (i32.const 402) (i32.const 1))
        (call $rename (i32.const 400) (i32.const 1) (i32.const 402) (i32.const 1))))
    (if (i32.eq (local.get $case) (i32.const 0x4e))
      (then
        (call $create (i32.const 400) (i32.const 1) (i64.const 64))
        (call $mkdir (i32.const 402) (i32.const 1))
        (call $rename (i32.const 402) (i32.const 1) (i32.const 400) (i32.const 1))))
    (if (i32.eq (local.get $case) (i32.const 0x53))
      (then
        (call $create (i32.const 400) (i32.const 1) (i64.const 64))
        (call $rename (i32.const 400) (i32.const 1) (i32.const 410) (i32.const 5))))
    (if (i32.eq (local.get $case) (i32.const 0x54))
      (then
        (call $mkdir (i32.const 402) (i32.const 1))
        (call $mkdir (i32.const 404) (i32.const 1))
        (call $mkdir (i32.const 406) (i32.const 3))
        (call $rename (i32.const 402) (i32.const 1) (i32.const 404) (i32.const 1))))
    (if (i32.eq (local.get $case) (i32.const 0x55))
      (then
        (call $mkdir (i32.const 402) (i32.const 1))
        (call $rename (i32.const 402) (i32.const 1) (i32.const 416) (i32.const 3))))
    (if (i32.eq (local.get $case) (i32.const 0x46))
      (then
        (call $create (i32.const 400) (i32.const 1) (i64.const 64))
        (call $create (i32.const 423) (i32.const 1) (i64.const 64))
        (call $rename (i32.const 400) (i32.const 1) (i32.const 423) (i32.const 1))))
    (if (i32.eq (local.get $case) (i32.const 0x50))
      (then (call $proc_exit (call $poll_oneoff (i32.const 4096) (i32.const 8192) (i32.const 0)
        (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 0x4b))
      (then
        (call $create (i32.const 400) (i32.const 1) (i64.const 64))
        (call $proc_exit (call $path_create_directory (i32.const 4) (i32.const 425) (i32.const 2)))))
    (if (i32.eq (local.get $case) (i32.const 0x71))
      (then
        (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 420) (i32.const 2)
          (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
        (call $proc_exit (call $fd_prestat_get (i32.load (i32.const 16)) (i32.const 4096)))))
    (if (i32.eq (local.get $case) (i32.const 0x51))
      (then (call $proc_exit (call $fd_prestat_dir_name (i32.const 3) (i32.const 4096) (i32.const 1)))))
    (if (i32.eq (local.get $case) (i32.const 0x47))
      (then
        (if (i32.eq (memory.grow (i32.const 40000)) (i32.const -1))
          (then (call $proc_exit (i32.const 3))))
        (call $proc_exit (i32.const 0))))
    (if (i32.eq (local.get $case) (i32.const 0x74))
      (then
        (call $create (i32.const 423) (i32.const 1) (i64.const 0x800000))
        (call $proc_exit (call $fd_filestat_set_times (i32.load (i32.const 16)) (i64.const 100)
          (i64.const 200) (i32.const 3)))))
    (if (i32.eq (local.get $case) (i32.const 0x75))
      (then
        (call $create (i32.const 423) (i32.const 1) (i64.const 0))
        (call $proc_exit (call $path_filestat_set_times (i32.const 4) (i32.const 0) (i32.const 423)
          (i32.const 1) (i64.const 100) (i64.const 200) (i32.const 12)))))
    (if (i32.eq (local.get $case) (i32.const 0x76))
      (then (call $proc_exit (call $fd_filestat_set_times (i32.const 99) (i64.const 0)
        (i64.const 0) (i32.const 16)))))
    (if (i32.eq (local.get $case) (i32.const 0x66))
      (then
        (call $check (call $path_open (i32.const 4) (i32.const 0) (i32.const 423) (i32.const 1)
          (i32.const 1) (i64.const 0x51) (i64.const 0) (i32.const 31) (i32.const 16)))
        (call $check (call $fd_fdstat_get (i32.load (i32.const 16)) (i32.const 4096)))
        (call $proc_exit (i32.load16_u (i32.const 4098)))))
    (if (i32.eq (local.get $case) (i32.const 0x79))
      (then
        (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 420) (i32.const 2)
          (i32.const 0) (i64.const 0x8000002) (i64.const 0) (i32.const 0) (i32.const 16)))
        (call $subscribe (i32.const 0) (i32.const 1) (i32.const 0))
        (call $subscribe (i32.const 1) (i32.const 2) (i32.const 1))
        (call $subscribe (i32.const 2) (i32.const 1) (i32.load (i32.const 16)))
        (call $subscribe (i32.const 3) (i32.const 1) (i32.const 99))
        (call $clock (i32.const 4) (i64.const 1000000000) (i32.const 0))
        (call $poll (i32.const 5))))
    (if (i32.eq (local.get $case) (i32.const 0x7a))
      (then
        (call $clock (i32.const 0) (i64.const 1000000000) (i32.const 0))
        (call $clock (i32.const 1) (i64.const 0) (i32.const 1))
        (call $poll (i32.const 2))))
    (call $proc_exit (i32.const 99))))
