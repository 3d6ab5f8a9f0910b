namespace TaskActors.Testing;

/// <summary>
/// How many rounds the store-ownership races run (simultaneous <c>run</c>s, a <c>run</c> beside a starting host):
/// <c>TASKACTORS_OWNERSHIP_ROUNDS</c> when set to a positive integer, else 10 (a few seconds each; <c>build.ps1
/// ownership</c> runs 100).
/// </summary>
public static class OwnershipRounds
{
    /// <summary>The environment variable that sets the number of rounds.</summary>
    public const string Variable = "TASKACTORS_OWNERSHIP_ROUNDS";

    /// <summary>The number of rounds.</summary>
    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var rounds) && rounds > 0 ? rounds : 10;
}
