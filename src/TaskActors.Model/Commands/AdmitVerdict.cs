using TaskActors.Model.Events;

namespace TaskActors.Model.Commands;

/// <summary>What a task does when its slot tells it that it owns the slot now (<see cref="TaskDecider.Admit"/>).</summary>
public abstract record AdmitVerdict
{
    private AdmitVerdict()
    {
    }

    /// <summary>Persist <paramref name="Events"/> (<c>TaskAdmitted</c>), then start the first attempt.</summary>
    /// <param name="Events">The events.</param>
    public sealed record Start(IReadOnlyList<ITaskEvent> Events) : AdmitVerdict;

    /// <summary>Already admitted (a repeated admission after the slot restarted): nothing to do.</summary>
    public sealed record AlreadyAdmitted : AdmitVerdict
    {
        /// <summary>The one instance.</summary>
        public static AlreadyAdmitted Instance { get; } = new();
    }

    /// <summary>The task does not need the slot (gone, deleted, or settled): give it back so the next in line starts.</summary>
    public sealed record GiveBack : AdmitVerdict
    {
        /// <summary>The one instance.</summary>
        public static GiveBack Instance { get; } = new();
    }
}
