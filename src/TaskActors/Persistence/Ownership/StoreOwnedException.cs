namespace TaskActors.Persistence;

/// <summary>
/// Another process owns the store: thrown at start by <c>AddTaskActors</c> (the host does not start) and turned into
/// exit code 4 by the <c>taskactors</c> command. One process owns a store at a time (it runs the only node on its
/// journal and serves its control socket); readers never need ownership.
/// </summary>
public sealed class StoreOwnedException : InvalidOperationException
{
    /// <summary>The store at <paramref name="storePath"/> is owned by <paramref name="owner"/> (null: it has not written who it is yet).</summary>
    public StoreOwnedException(string storePath, StoreOwner? owner)
        : base(Describe(storePath, owner))
    {
        StorePath = storePath;
        Owner = owner;
    }

    /// <summary>The canonical path of the store file.</summary>
    public string StorePath { get; }

    /// <summary>Who owns it, as its owner recorded; null when the owner had not written its record within 2 seconds of locking.</summary>
    public StoreOwner? Owner { get; }

    private static string Describe(string storePath, StoreOwner? owner) =>
        owner is null
            ? $"store {storePath} is owned by another process (it has not said which yet)"
            : $"store {storePath} is owned by {owner}";
}
