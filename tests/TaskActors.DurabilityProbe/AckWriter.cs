using System.Text;

namespace TaskActors.Tests.DurabilityProbe;

/// <summary>Writes whole lines to standard output and flushes each one, so a line seen by the parent was really acknowledged.</summary>
internal sealed class AckWriter(Stream stdout)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text + "\n");
        lock (_gate)
        {
            stdout.Write(bytes);
            stdout.Flush();
        }
    }
}
