namespace TaskActors.Cli;

/// <summary>The exit codes of the <c>taskactors</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = Control.ControlCodes.Ok;

    /// <summary><c>run --until-done</c>: some task did not end Succeeded (or a submission was rejected).</summary>
    public const int NotAllSucceeded = 1;

    /// <summary>Invalid input: a manifest with errors (duplicate ids, unknown handlers and unmatched runner selectors included), a bad option value, a missing file.</summary>
    public const int InvalidInput = Control.ControlCodes.InvalidInput;

    /// <summary>The task does not exist, or there is no store at the path ("no store at PATH").</summary>
    public const int NotFound = Control.ControlCodes.NotFound;

    /// <summary>Another process owns the store (the message names it: pid, host, since, program) and its node cannot be reached, or is shutting down.</summary>
    public const int StoreBusy = Control.ControlCodes.StoreBusy;

    /// <summary>The task refused the change: a resourceVersion conflict, or a rejection (e.g. rerun of an active task).</summary>
    public const int Refused = Control.ControlCodes.Refused;

    /// <summary>
    /// The store cannot be used or read: not a SQLite file, a directory, a path under a file, an unwritable file or
    /// folder, a full disk, an empty path (found by a write probe before a node starts), its lock files cannot be used;
    /// or the task's history is damaged.
    /// </summary>
    public const int Unreadable = 6;
}
