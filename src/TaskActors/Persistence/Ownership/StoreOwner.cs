using System.Globalization;

namespace TaskActors.Persistence;

/// <summary>
/// The process that owns a store, as it wrote itself into the store's lock files right after locking them. Carried by
/// <see cref="StoreOwnedException"/> when another process tries to own the same store.
/// </summary>
/// <param name="ProcessId">The owner's process id (on <paramref name="Host"/>).</param>
/// <param name="Host">The machine name of the owner.</param>
/// <param name="Since">When it took the store (UTC).</param>
/// <param name="Program">What it is, e.g. <c>taskactors run</c> or <c>MyApp (AddTaskActors)</c>.</param>
public sealed record StoreOwner(int ProcessId, string Host, DateTimeOffset Since, string Program)
{
    /// <summary>"pid 123 on host h since 2026-12-03 06:10:00Z (taskactors run)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"pid {ProcessId} on host {Host} since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({Program})");
}
