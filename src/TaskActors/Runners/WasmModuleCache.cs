using System.Security.Cryptography;
using Wasmtime;

namespace TaskActors.Runners;

/// <summary>
/// The compiled modules of one <see cref="WasmRunner"/>, keyed by the SHA-256 of the file's content (and whether it
/// is text), so repeated attempts and many tasks on one module compile it once, and a changed file is compiled
/// afresh. The runner calls <see cref="Load"/> at the start of every attempt, on the attempt's own thread.
/// </summary>
/// <remarks>
/// <para>
/// Concurrent first loads of the same content wait for one compilation (a <see cref="Lazy{T}"/> per entry). A module
/// that does not compile is remembered as such under its hash too: the same bytes fail the same way, so 200 tasks on
/// a corrupt file do not compile it 200 times.
/// </para>
/// <para>
/// At most <c>capacity</c> entries are kept; beyond it the least recently used is dropped from the cache. A dropped
/// module is not disposed here, since an attempt may still be instantiating it: its native handle is released by the
/// garbage collector once no attempt holds it.
/// </para>
/// </remarks>
internal sealed class WasmModuleCache
{
    private readonly Engine _engine;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _compilations;
    private long _hits;

    public WasmModuleCache(Engine engine, int capacity)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _engine = engine;
        _capacity = capacity;
    }

    /// <summary>How many times a module was compiled (once per distinct content while it stays cached).</summary>
    public long Compilations => Interlocked.Read(ref _compilations);

    /// <summary>How many loads found their module already compiled (or compiling).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many modules are cached now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="fullPath"/> and returns its compiled module, or null with <paramref name="error"/> saying
    /// why (missing, unreadable, not valid WebAssembly), naming <paramref name="shownPath"/> as the task spelled it.
    /// A path ending in <c>.wat</c> is compiled from WebAssembly text. Never throws for a problem of the file.
    /// </summary>
    public Module? Load(string shownPath, string fullPath, out string? error)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"module '{shownPath}' not found (looked at {fullPath})";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = $"cannot read module '{shownPath}' ({fullPath}): {e.Message}";
            return null;
        }

        var isText = fullPath.EndsWith(".wat", StringComparison.OrdinalIgnoreCase);
        var key = (isText ? "wat:" : "wasm:") + Convert.ToHexString(SHA256.HashData(content));
        var compiled = GetOrAdd(key, () => Compile(Path.GetFileName(fullPath), content, isText)).Value;
        error = compiled.Error is { } reason ? $"module '{shownPath}' ({fullPath}) cannot be compiled: {reason}" : null;
        return compiled.Module;
    }

    private Lazy<Compiled> GetOrAdd(string key, Func<Compiled> compile)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Interlocked.Increment(ref _hits);
                return node.Value.Compiled;
            }

            var entry = new Entry(key, new Lazy<Compiled>(compile, LazyThreadSafetyMode.ExecutionAndPublication));
            _entries[key] = _recency.AddFirst(entry);
            while (_entries.Count > _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return entry.Compiled;
        }
    }

    private Compiled Compile(string name, byte[] content, bool isText)
    {
        Interlocked.Increment(ref _compilations);
        try
        {
            var module = isText
                ? Module.FromText(_engine, name, System.Text.Encoding.UTF8.GetString(content))
                : Module.FromBytes(_engine, name, content);
            return new Compiled(module, null);
        }
        catch (WasmtimeException e)
        {
            return new Compiled(null, WasmErrors.Describe(e));
        }
    }

    private sealed record Entry(string Key, Lazy<Compiled> Compiled);

    private sealed record Compiled(Module? Module, string? Error);
}
