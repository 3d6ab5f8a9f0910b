using TaskActors.Model.Json;
using TaskActors.Model.Resources;

namespace TaskActors.Cli.Views;

/// <summary>One line per change on standard output: <see cref="Output.ChangeLine"/>, or with <c>-o json</c> one resource per line.</summary>
internal sealed class ChangeLineView(string format) : IRunView
{
    private readonly Lock _gate = new();

    public void OnChange(TaskResource task)
    {
        var line = format == Output.Json ? TaskJson.Serialize(task) : Output.ChangeLine(task);
        lock (_gate)
        {
            Console.Out.WriteLine(line);
        }
    }

    public void Seed(IEnumerable<TaskResource> tasks)
    {
    }

    public void Start()
    {
    }

    public ValueTask DisposeAsync()
    {
        Console.Out.Flush();
        return ValueTask.CompletedTask;
    }
}
