namespace TaskActors.Tests.Runners;

/// <summary>
/// WASI preview 1 command modules as WebAssembly text, written into a test's modules directory at test time; the
/// wasm runner compiles them (a path ending in .wat is text), so no binary is committed.
/// </summary>
internal static class WasmModules
{
    private const string Imports = """
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_open"
            (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (memory (export "memory") 1)
          ;; write(fd, ptr, len): one iovec at address 0
          (func $write (param $fd i32) (param $ptr i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $ptr))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
        """;

    /// <summary>Writes "hello from wasm\n" to stdout and "a warning\n" to stderr, then returns from _start (exit 0).</summary>
    public const string Hello = $$"""
        (module
        {{Imports}}
          (data (i32.const 100) "hello from wasm\n")
          (data (i32.const 200) "a warning\n")
          (func (export "_start")
            (call $write (i32.const 1) (i32.const 100) (i32.const 16))
            (call $write (i32.const 2) (i32.const 200) (i32.const 10))))
        """;

    /// <summary>Writes its argument buffer (NUL-separated argv) to stdout and its environment buffer to stderr.</summary>
    public const string EchoArgsAndEnv = $$"""
        (module
        {{Imports}}
          (func (export "_start")
            (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
            (drop (call $args_get (i32.const 1024) (i32.const 4096)))
            (call $write (i32.const 1) (i32.const 4096) (i32.load (i32.const 20)))
            (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
            (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
            (call $write (i32.const 2) (i32.const 8192) (i32.load (i32.const 20)))))
        """;

    /// <summary>Writes "failing\n" to stdout, then proc_exit(3).</summary>
    public const string ExitThree = $$"""
        (module
        {{Imports}}
          (data (i32.const 100) "failing\n")
          (func (export "_start")
            (call $write (i32.const 1) (i32.const 100) (i32.const 8))
            (call $proc_exit (i32.const 3))))
        """;

    /// <summary>proc_exit(0) in the middle of _start: a success, and nothing after it runs.</summary>
    public const string ExitZero = $$"""
        (module
        {{Imports}}
          (func (export "_start")
            (call $proc_exit (i32.const 0))
            unreachable))
        """;

    /// <summary>Executes <c>unreachable</c>: a trap.</summary>
    public const string Trap = """
        (module
          (memory (export "memory") 1)
          (func $fail unreachable)
          (func (export "_start") (call $fail)))
        """;

    /// <summary>
    /// Creates the file "started" in its preopened directory (fd 3), then loops forever; without a preopened
    /// directory path_open fails and the module exits with the WASI errno as its code (8 = EBADF).
    /// </summary>
    public const string TouchThenLoop = $$"""
        (module
        {{Imports}}
          (data (i32.const 100) "started")
          (func (export "_start") (local $errno i32)
            ;; path_open(fd 3, dirflags 0, "started", O_CREAT, all rights, all rights, fdflags 0, result at 16)
            (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 7) (i32.const 1)
              (i64.const 0x1FFFFFFF) (i64.const 0x1FFFFFFF) (i32.const 0) (i32.const 16)))
            (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
            (loop $forever (br $forever))))
        """;

    /// <summary>Loops forever at once.</summary>
    public const string Loop = """
        (module
          (memory (export "memory") 1)
          (func (export "_start") (loop $forever (br $forever))))
        """;

    /// <summary>Grows its memory by 1 MiB at a time until a grow is refused, then traps.</summary>
    public const string MemoryHungry = """
        (module
          (memory (export "memory") 1)
          (func (export "_start")
            (loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
            unreachable))
        """;

    /// <summary>Asks for 64 MiB of memory up front (1024 pages).</summary>
    public const string LargeInitialMemory = """
        (module
          (memory (export "memory") 1024)
          (func (export "_start")))
        """;

    /// <summary>A module with no _start: a library, not a command.</summary>
    public const string NoStart = """(module (memory (export "memory") 1) (func (export "run")))""";

    /// <summary>Writes <paramref name="text"/> as <paramref name="name"/> in <paramref name="directory"/>; returns the name.</summary>
    public static string Write(string directory, string name, string text)
    {
        File.WriteAllText(Path.Combine(directory, name), text);
        return name;
    }
}
