namespace TaskActors.Model.Tests.Policies;

/// <summary>
/// A <see cref="Random"/> that always draws the lowest or the highest value of the range it is asked for, so the
/// jitter formulas can be checked at their exact ends. Records the inclusive ranges it was asked for.
/// </summary>
internal sealed class ScriptedRandom(bool highest) : Random
{
    public List<(long Min, long Max)> Requests { get; } = [];

    public override long NextInt64(long minValue, long maxValue)
    {
        Requests.Add((minValue, maxValue - 1));
        return highest ? maxValue - 1 : minValue;
    }

    public override long NextInt64(long maxValue) => NextInt64(0, maxValue);

    public override int Next(int minValue, int maxValue) => (int)NextInt64(minValue, maxValue);

    public override int Next(int maxValue) => (int)NextInt64(0, maxValue);
}
