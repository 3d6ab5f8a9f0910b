using System.Collections.Concurrent;
using Spectre.Console;
using TaskActors.Model.Resources;

namespace TaskActors.Cli.Views;

/// <summary>
/// A Spectre.Console live table of the tasks (id, slot, phase, attempt, last exit code, next attempt, error), redrawn
/// as changes arrive (at most ten times a second). The last drawing stays on screen when it ends.
/// </summary>
internal sealed class LiveTableView : IRunView
{
    private readonly ConcurrentDictionary<string, TaskResource> _tasks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _dirty = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task _drawing = Task.CompletedTask;
    private bool _disposed;

    public void OnChange(TaskResource task)
    {
        _tasks.AddOrUpdate(task.Id.Value, task, (_, known) => known.Metadata.ResourceVersion >= task.Metadata.ResourceVersion ? known : task);
        _dirty.Release();
    }

    public void Seed(IEnumerable<TaskResource> tasks)
    {
        foreach (var task in tasks)
        {
            _tasks.TryAdd(task.Id.Value, task);
        }
    }

    public void Start() => _drawing = AnsiConsole.Live(Table())
        .AutoClear(false)
        .Overflow(VerticalOverflow.Ellipsis)
        .StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await _dirty.WaitAsync(_stop.Token).ConfigureAwait(false);
                    await Task.Delay(100, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                while (_dirty.CurrentCount > 0)
                {
                    await _dirty.WaitAsync().ConfigureAwait(false);
                }

                context.UpdateTarget(Table());
            }

            context.UpdateTarget(Table());
            context.Refresh();
        });

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _drawing.ConfigureAwait(false);
        _stop.Dispose();
        _dirty.Dispose();
    }

    private Table Table() => Output.TaskTable(_tasks.Values.OrderBy(t => t.Id.Value, StringComparer.Ordinal));
}
