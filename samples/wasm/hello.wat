;; hello.wat: a WASI (preview 1) command module in WebAssembly text. TaskActors' wasm runner compiles a module
;; whose name ends in .wat itself, so nothing needs building or downloading. It prints
;; "hello from WebAssembly" and its arguments (argv[1..]) on one line to stdout, and returns from _start (exit 0).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello from WebAssembly")
  (data (i32.const 90) " \n")

  ;; Writes len bytes at ptr to stdout: one iovec at address 0, the count written at 8.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start") (local $i i32) (local $start i32) (local $end i32)
    (call $print (i32.const 64) (i32.const 22))
    ;; argc at 16, the argument buffer's size at 20; pointers to the arguments at 1024, their text at 4096.
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 4096)))
    (if (i32.le_u (i32.load (i32.const 16)) (i32.const 1))
      (then (call $print (i32.const 91) (i32.const 1)) (return)))
    ;; The arguments after argv[0] are NUL-terminated strings: each NUL becomes a space, the last a newline.
    (local.set $start (i32.load (i32.const 1028)))
    (local.set $end (i32.add (i32.const 4096) (i32.load (i32.const 20))))
    (local.set $i (local.get $start))
    (loop $each
      (if (i32.eqz (i32.load8_u (local.get $i))) (then (i32.store8 (local.get $i) (i32.const 32))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (local.get $end))))
    (i32.store8 (i32.sub (local.get $end) (i32.const 1)) (i32.const 10))
    (call $print (i32.const 90) (i32.const 1))
    (call $print (local.get $start) (i32.sub (local.get $end) (local.get $start)))))
