namespace TaskActors.Cli;

/// <summary>The exit codes of the <c>taskactors</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = Control.ControlCodes.Ok;

    /// <summary><c>run --until-done</c>: some task did not end Succeeded (or a submission was rejected).</summary>
    public const int NotAllSucceeded = 1;

    /// <summary>Invalid input: a manifest with errors, a bad option value, a missing file.</summary>
    public const int InvalidInput = Control.ControlCodes.InvalidInput;

    /// <summary>The task does not exist.</summary>
    public const int NotFound = Control.ControlCodes.NotFound;

    /// <summary>Another process owns the store (the message names it: pid, host, since, program) and its node cannot be reached, or is shutting down.</summary>
    public const int StoreBusy = Control.ControlCodes.StoreBusy;

    /// <summary>The task refused the change: a resourceVersion conflict, or a rejection (e.g. rerun of an active task).</summary>
    public const int Refused = Control.ControlCodes.Refused;

    /// <summary>The store cannot be read (not a TaskActors store, or an event this version cannot read), or the store or its lock files cannot be used.</summary>
    public const int Unreadable = 6;
}
