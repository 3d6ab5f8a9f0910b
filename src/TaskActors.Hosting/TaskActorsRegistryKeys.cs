namespace TaskActors.Hosting;

/// <summary>
/// Akka.Hosting <c>ActorRegistry</c> key of the task region (send it <c>TaskProtocol.TaskEnvelope</c>s); inject
/// <c>IRequiredActor&lt;TaskRegionKey&gt;</c> to talk to it directly. Most code uses <see cref="Client.ITaskClient"/>.
/// </summary>
public sealed class TaskRegionKey
{
    private TaskRegionKey()
    {
    }
}

/// <summary>Akka.Hosting <c>ActorRegistry</c> key of the read-side index (send it <c>QueryProtocol</c> messages).</summary>
public sealed class TaskIndexKey
{
    private TaskIndexKey()
    {
    }
}
