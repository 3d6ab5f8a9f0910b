using FsCheck.Xunit;

namespace TaskActors.Testing;

/// <summary>
/// An FsCheck property test whose number of random cases is <see cref="Cases"/> (100 unless set) times the scale in
/// the environment variable <c>TASKACTORS_PROPERTY_SCALE</c> (1 when unset; <c>build.ps1 properties</c> sets 100).
/// Every property of the suite uses it, so one variable turns the whole suite into a long randomized run.
/// </summary>
/// <remarks>
/// A failing property prints FsCheck's replay line, <c>Replay directly at failing step with (seed,gamma,size)</c>;
/// pasting it into <c>Replay = "..."</c> on the attribute reruns exactly that case. <c>PropertyConventionSpec</c>
/// checks that no property test escapes this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScaledPropertyAttribute : PropertyAttribute
{
    /// <summary>The environment variable that multiplies every property's number of cases.</summary>
    public const string ScaleVariable = "TASKACTORS_PROPERTY_SCALE";

    private int _cases = 100;

    /// <summary>A property with 100 cases times the scale.</summary>
    public ScaledPropertyAttribute() => MaxTest = Scale() * _cases;

    /// <summary>The number of cases at scale 1.</summary>
    public int Cases
    {
        get => _cases;
        set
        {
            _cases = value;
            MaxTest = Scale() * value;
        }
    }

    /// <summary>The scale read from <see cref="ScaleVariable"/>: a positive integer, or 1.</summary>
    public static int Scale() =>
        int.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), out var scale) && scale > 0 ? scale : 1;
}
