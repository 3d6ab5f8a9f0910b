namespace TaskActors.Control;

/// <summary>
/// The codes a <see cref="WriteOutcome"/> carries: the <c>taskactors</c> command's exit codes (<c>ExitCodes</c> in
/// TaskActors.Cli, which exits with them as they come), defined here because the control endpoint runs in the embedded
/// host too. The command's constants are defined as these, so the two cannot differ.
/// </summary>
internal static class ControlCodes
{
    public const int Ok = 0;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int StoreBusy = 4;
    public const int Refused = 5;
}
