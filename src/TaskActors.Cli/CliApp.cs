using System.CommandLine;
using System.CommandLine.Help;

namespace TaskActors.Cli;

/// <summary>The <c>taskactors</c> command tree (System.CommandLine).</summary>
public static partial class CliApp
{
    /// <summary>The default store, relative to the current directory.</summary>
    public const string DefaultStore = "data/taskactors.db";

    /// <summary>
    /// Builds the root command with every subcommand. A plain command named <c>taskactors</c> with help and version
    /// options, rather than <see cref="RootCommand"/>, whose name would be the entry assembly's (<c>TaskActors.Cli</c>)
    /// under <c>dotnet run</c>.
    /// </summary>
    public static Command Build()
    {
        var root = new Command("taskactors",
            """
            taskactors: run task manifests on an embedded, durable TaskActors store and inspect the store.

            Examples:
              taskactors run tasks.yaml --until-done        run the manifest's tasks, exit when all are settled
              cat tasks.yaml | taskactors run -             read the manifest from standard input
              taskactors list --phase failed,exhausted      the tasks that failed
              taskactors get nightly-report -o json         one task as JSON
              taskactors runs nightly-report                its attempts
              taskactors events nightly-report              its journal, event by event (the audit trail)
              taskactors cancel nightly-report              cancel it (through the running node, if any)
              taskactors demo                               the built-in showcase on a temporary store
              taskactors serve --http http://0.0.0.0:5080   a node with the HTTP API and the dashboard (/taskactors)
              taskactors list --server http://host:5080     any command against a node's HTTP API instead of a store file

            get, list, runs and events read the store file directly, also while a `run` owns it. cancel, delete and
            rerun go through the node of the `run` or `serve` that owns the store (its control socket <store>.sock).
            With --server URL every command talks to that node's HTTP API instead (no store file is touched).

            Exit codes:
              0  ok
              1  run --until-done: some task did not end Succeeded (or a submission was rejected, or a task is damaged); demo: a check failed
              2  invalid input (manifest errors incl. duplicate ids, unknown handlers, unmatched runner selectors; bad option values, missing files)
              3  not found (the task, or the store: "no store at PATH")
              4  store busy: a `run` owns the store and cannot be reached (or went away mid-request), or rerun without a running node; --server unreachable
              5  refused: resourceVersion conflict, or the task rejected the change
              6  the store cannot be used or read (not SQLite, a directory, unwritable, full), or the task's history is damaged
            """)
        {
            new HelpOption(),
            new VersionOption(),
            ServerOption,
            PostgresOption,
        };
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(GetCommand());
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(RunsCommand());
        root.Subcommands.Add(EventsCommand());
        root.Subcommands.Add(CancelCommand());
        root.Subcommands.Add(DeleteCommand());
        root.Subcommands.Add(RerunCommand());
        root.Subcommands.Add(HandlersCommand());
        root.Subcommands.Add(DemoCommand());
        return root;
    }

    /// <summary>
    /// <c>--server URL</c>, on every command (recursive): talk to the node behind that URL through its HTTP API
    /// (<c>taskactors serve</c>, or any app with <c>MapTaskActorsApi("/api")</c>) instead of a store file.
    /// </summary>
    private static Option<string?> ServerOption { get; } = new("--server")
    {
        Description = "Talk to the node serving this URL through its HTTP API (e.g. http://127.0.0.1:5080) instead of a store file",
        Recursive = true,
    };

    /// <summary>
    /// <c>--postgres CONN</c>, on every command (recursive): the store is the PostgreSQL database of a cluster (an Npgsql
    /// connection string) instead of a SQLite file: <c>serve</c> runs a cluster node on it; get, list, runs and events read it.
    /// </summary>
    private static Option<string?> PostgresOption { get; } = new("--postgres")
    {
        Description = "Use the PostgreSQL store of a cluster (Npgsql connection string, e.g. \"Host=db;Database=taskactors;Username=app\") instead of a store file",
        Recursive = true,
    };

    private static Option<string> StoreOption() => new("--store")
    {
        Description = "The SQLite store file (created if missing, with its folder)",
        DefaultValueFactory = _ => DefaultStore,
    };

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table, json or yaml",
            DefaultValueFactory = _ => Output.Table,
        };
        option.AcceptOnlyFromAmong(Output.Formats);
        return option;
    }

    private static Command HandlersCommand()
    {
        var command = new Command(
            "handlers",
            """
            List the built-in handlers that manifests can use as handler workloads.

            Example manifest:
              spec:
                slot: demo
                workload:
                  handler: {name: sleep, input: {ms: 500}}
            """);
        command.SetAction(parse =>
        {
            if (parse.GetValue(ServerOption) is not null)
            {
                Console.Error.WriteLine("these are the handlers of the command's own nodes (run, serve); an application serving the API registers its own");
            }

            Output.Handlers(BuiltInHandlers.Descriptions);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintErrors(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            TerminalText.Error(error);
        }
    }

}
