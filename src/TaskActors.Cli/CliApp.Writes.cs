using System.CommandLine;
using TaskActors.Control;
using TaskActors.Persistence;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;

namespace TaskActors.Cli;

/// <summary>
/// The commands that change a task: <c>cancel</c>, <c>delete</c>, <c>rerun</c>. When a process owns the store (a
/// <c>run</c>, <c>serve</c>, or an app with <c>AddTaskActors</c>) they go through its node (its control socket). Otherwise cancel and delete are made by a short-lived node on the store that
/// wakes only the task addressed; rerun, whose point is to start work, asks for a running node instead.
/// </summary>
public static partial class CliApp
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private static Command CancelCommand()
    {
        var expected = new Option<long?>("--expected-version")
        {
            Description = "Cancel only if the task is still at this resourceVersion (else exit 5, conflict)",
        };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the task's journal" };
        return WriteCommand(
            "cancel",
            """
            Cancel a task: a running attempt is stopped (its process tree killed), a scheduled retry dropped; the task ends
            Canceled. When a `run` owns the store this goes through its node. Otherwise a short-lived node makes the
            change; if that frees a slot whose queue holds a task, that task is admitted and starts there, and an attempt
            still running when the command exits is recorded as interrupted. Cancel while `run` is active to avoid that.

            Examples:
              taskactors cancel nightly-report
              taskactors cancel nightly-report --expected-version 7 --reason "superseded by v2"
            """,
            (parse, id) => new WriteRequest(WriteRequest.Cancel, id, parse.GetValue(expected), parse.GetValue(reason)),
            expected, reason);
    }

    private static Command DeleteCommand()
    {
        var expected = new Option<long?>("--expected-version")
        {
            Description = "Delete only if the task is still at this resourceVersion (else exit 5, conflict)",
        };
        return WriteCommand(
            "delete",
            """
            Delete a task: it is stopped if active, and its events and snapshots are removed from the store.

            Examples:
              taskactors delete nightly-report
              taskactors delete nightly-report --expected-version 9 --server http://127.0.0.1:5080
            """,
            (parse, id) => new WriteRequest(WriteRequest.Delete, id, parse.GetValue(expected)),
            expected);
    }

    private static Command RerunCommand() => WriteCommand(
        "rerun",
        """
        Run a finished task again: it goes back to Pending with a fresh retry budget, and its next attempt is numbered
        after the last one (the earlier runs stay in its history; exit 5 when it is still active). It goes through the
        node of the `run` that owns the store; with no run active it exits 4 (start `taskactors run` first).

        Example:
          taskactors rerun nightly-report
        """,
        (_, id) => new WriteRequest(WriteRequest.Rerun, id));

    private static Command WriteCommand(string name, string description, Func<ParseResult, string, WriteRequest> request, params Option[] extra)
    {
        var id = new Argument<string>("ID") { Description = "The task id" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(name, description) { id, store, output };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) =>
        {
            var value = parse.GetValue(id)!;
            if (TaskId.Check(value) is { } problem)
            {
                TerminalText.Error($"ID: '{value}' {problem}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return parse.GetValue(ServerOption) is { } server
                ? WithServerAsync(server, async client => Report(await TaskWrites.ExecuteAsync(client, request(parse, value), ct).ConfigureAwait(false), parse.GetValue(output)!))
                : WriteAsync(parse.GetValue(store)!, request(parse, value), parse.GetValue(output)!, ct);
        });
        return command;
    }

    private static async Task<int> WriteAsync(string storePath, WriteRequest request, string format, CancellationToken ct)
    {
        if (StoreCheck.ForReading(storePath) is { } missing)
        {
            TerminalText.Error(missing.ExitCode == ExitCodes.NotFound ? $"task '{request.Id}' not found ({missing.Message})" : missing.Message);
            return missing.ExitCode;
        }

        var full = Path.GetFullPath(storePath);
        return Report(await CarryOutAsync(full, request, ct).ConfigureAwait(false), format);
    }

    /// <summary>Prints what a write came to (the message on standard error, the task afterwards in the format asked) and returns its exit code.</summary>
    private static int Report(WriteOutcome outcome, string format)
    {
        TerminalText.Error(outcome.Message);
        if (outcome.TaskJson is { } json)
        {
            if (format == Output.Table)
            {
                Output.Task(TaskJson.ReadResource(json), format);
            }
            else
            {
                Output.Document(json, format);
            }
        }

        return outcome.ExitCode;
    }

    /// <summary>Through the owner's control socket, or on a short-lived node (which owns the store meanwhile) when nobody owns it.</summary>
    private static async Task<WriteOutcome> CarryOutAsync(string storePath, WriteRequest request, CancellationToken ct)
    {
        if (request.Command == WriteRequest.Rerun)
        {
            return await SendToOwnerAsync(storePath, request, ct).ConfigureAwait(false)
                ?? new WriteOutcome(ExitCodes.StoreBusy,
                    $"no node is running on {storePath}: rerun starts work, so it goes through a running node; start " +
                    $"`taskactors run --store {storePath}` and rerun while it runs");
        }

        // Twice: the owner may exit between failing to take the store and reaching its socket.
        StoreOwnedException? owned = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var node = StartOnStore(storePath, $"taskactors {request.Command}", verbose: false, wakeActiveTasks: false, out owned, out var fault);
            if (fault is not null)
            {
                return new WriteOutcome(ExitCodes.Unreadable, fault);
            }

            if (node is not null)
            {
                await using (node.ConfigureAwait(false))
                {
                    return await TaskWrites.ExecuteAsync(node.Client, request, ct).ConfigureAwait(false);
                }
            }

            if (await SendToOwnerAsync(storePath, request, ct).ConfigureAwait(false) is { } answered)
            {
                return answered;
            }
        }

        return new WriteOutcome(ExitCodes.StoreBusy,
            $"{owned?.Message ?? $"store {storePath} is owned by another process"}, which does not answer on its control socket " +
            $"{ControlEndpoint.Find(storePath) ?? "(none)"}; it may still be starting, belong to another user, or be an older version: try again, or stop it");
    }

    /// <summary>
    /// The owning node's answer through its control socket; null when nothing listens there. A node that goes away
    /// mid-request (the connection reset or closed, the answer cut off) is a clear outcome (exit 4), never an exception.
    /// </summary>
    private static async Task<WriteOutcome?> SendToOwnerAsync(string storePath, WriteRequest request, CancellationToken ct)
    {
        try
        {
            return await ControlClient.SendAsync(storePath, request, WriteTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            return new WriteOutcome(ExitCodes.StoreBusy,
                $"the node owning {storePath} went away before answering ({StoreCheck.OneLine(e.Message)}); whether the {request.Command} was made is unknown: check the task with `get`");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WriteOutcome(ExitCodes.StoreBusy,
                $"the node owning {storePath} did not answer within {WriteTimeout.TotalSeconds:0} s; whether the {request.Command} was made is unknown: check the task with `get`");
        }
    }
}
