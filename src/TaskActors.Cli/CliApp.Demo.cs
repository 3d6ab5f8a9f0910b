using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TaskActors.Cli.Demo;

namespace TaskActors.Cli;

/// <summary>The <c>demo</c> command: the built-in showcase on a fresh temporary store, ending with a checked summary.</summary>
public static partial class CliApp
{
    private static Command DemoCommand()
    {
        var command = new Command(
            "demo",
            """
            Run the built-in showcase on a fresh temporary store (a few seconds): a flaky task that fails twice then
            succeeds after backoff, a timeout that kills a process, a queue slot with three tasks in order, a replace, a
            periodic task (canceled after three runs), a handler task and a WebAssembly module. It ends with a summary
            table that checks each task's history; exit 0 when every check holds, else 1. The store is kept so you can
            look around.

            Example:
              taskactors demo
            """);
        command.SetAction((parse, ct) => parse.GetValue(ServerOption) is { } server
            ? WithServerAsync(server, client => DemoOnAsync(client, $"--server {server}", ct))
            : DemoAsync(ct));
        return command;
    }

    private static async Task<int> DemoAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("taskactors-demo-").FullName;
        var storePath = Path.Combine(directory, "demo.db");
        var modulesDirectory = Path.Combine(directory, "modules");
        DemoScenario.WriteModules(modulesDirectory);
        await Console.Error.WriteLineAsync($"demo store: {storePath}").ConfigureAwait(false);

        var node = CliNode.TryStart(storePath, "taskactors demo", verbose: true, wakeActiveTasks: true, out var owned, out var fault, modulesDirectory)
            ?? throw new InvalidOperationException($"the fresh store {storePath} cannot be used: {fault ?? owned?.Message}");
        await using (node.ConfigureAwait(false))
        {
            return await DemoOnAsync(node.Client, $"--store {storePath}", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the showcase through <paramref name="client"/> (a local node, or a serving node with --server) and checks it.</summary>
    private static async Task<int> DemoOnAsync(Client.ITaskClient client, string where, CancellationToken ct)
    {
        var scenario = new DemoScenario();
        var (done, _) = await SuperviseAsync(client, DemoScenario.Documents(), (tasks, token) => scenario.IsDoneAsync(client, tasks, token), Output.Table, ct)
            .ConfigureAwait(false);
        if (!done)
        {
            return ExitCodes.NotAllSucceeded;
        }

        var checks = await DemoScenario.CheckAsync(client, ct).ConfigureAwait(false);
        AnsiConsole.Write(SummaryTable(checks));
        var failed = checks.Count(c => c.Problem is not null);
        await Console.Error.WriteLineAsync(
            (failed == 0 ? "every check holds" : $"{failed} check(s) failed") +
            $"; explore the store: taskactors events flaky {where}").ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Ok : ExitCodes.NotAllSucceeded;
    }

    private static Table SummaryTable(IReadOnlyList<DemoScenario.Check> checks)
    {
        var table = new Table().Title("taskactors demo").AddColumns("TASK", "SHOWS", "PHASE", "ATTEMPTS", "CHECK");
        foreach (var check in checks)
        {
            table.AddRow(
                Markup.Escape(TerminalText.Clean(check.Id)),
                Markup.Escape(TerminalText.Clean(check.Shows)),
                check.Task?.Phase.ToString() ?? "-",
                check.Attempts.ToString(CultureInfo.InvariantCulture),
                check.Problem is null ? "[green]ok[/]" : $"[red]{Markup.Escape(TerminalText.Clean(check.Problem))}[/]");
        }

        return table;
    }
}
