namespace TaskActors.Testing;

/// <summary>
/// Waits for a condition that other threads or processes make true: checks it, then again every
/// <see cref="PollInterval"/>, and throws a <see cref="TimeoutException"/> naming what was awaited once
/// <c>within</c> has passed (<see cref="DefaultPatience"/> unless given). The limit only ends a test that hangs; a
/// passing test never waits for it. Where an actor system is at hand, TestKit's AwaitAssert does the same; this is for
/// files, processes, hosts and clients.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition is awaited unless the caller says otherwise.</summary>
    public static TimeSpan DefaultPatience { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two checks.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> returns true.</summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(() => Task.FromResult(condition()), what, within);
    }

    /// <summary>Waits until <paramref name="condition"/> completes with true.</summary>
    public static Task Until(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Poll(condition, () => string.Empty, what, within);
    }

    /// <summary>
    /// Reads a value until <paramref name="accept"/> holds for it and returns that value; a null read counts as
    /// "not yet". On timeout the message names <paramref name="what"/> and the last value read, described by
    /// <paramref name="describe"/> (its <c>ToString</c> unless given).
    /// </summary>
    public static async Task<T> Value<T>(Func<Task<T?>> read, Func<T, bool> accept, string what, TimeSpan? within = null, Func<T, string>? describe = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        T? last = null;
        await Poll(
            async () =>
            {
                last = await read().ConfigureAwait(false) ?? last;
                return last is not null && accept(last);
            },
            () => last is null ? "; nothing was read" : "; last seen: " + (describe?.Invoke(last) ?? last.ToString()),
            what,
            within).ConfigureAwait(false);
        return last!;
    }

    private static async Task Poll(Func<Task<bool>> check, Func<string> lastSeen, string what, TimeSpan? within)
    {
        var patience = within ?? DefaultPatience;
        using var deadline = new CancellationTokenSource(patience);
        while (!await check().ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited {patience.TotalSeconds:0.#} s for {what}{lastSeen()}");
            }
        }
    }
}
