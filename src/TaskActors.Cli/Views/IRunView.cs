using TaskActors.Model.Resources;

namespace TaskActors.Cli.Views;

/// <summary>How <c>run</c> and <c>demo</c> show changes while they supervise: a live table on a terminal, else one line per change.</summary>
internal interface IRunView : IAsyncDisposable
{
    /// <summary>Called by the watch for every change, in order per task.</summary>
    void OnChange(TaskResource task);

    /// <summary>Tasks known before the watch began (a resumed store), shown until they change.</summary>
    void Seed(IEnumerable<TaskResource> tasks);

    /// <summary>Begins drawing (after submissions printed their messages); stops when disposed.</summary>
    void Start();

    /// <summary>Creates the view for <paramref name="format"/>: the live table only for <c>table</c> on a terminal.</summary>
    static IRunView For(string format) =>
        format == Output.Table && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive
            ? new LiveTableView()
            : new ChangeLineView(format);
}
